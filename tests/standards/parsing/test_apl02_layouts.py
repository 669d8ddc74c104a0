"""FR.APL.02 forms in the layouts LSPs export: header rows out of order, labels before numbers, KUK that
start at a line end, and what follows the last unit."""

from kompeten.standards.parsing import parse

FORM = (
    "FR.APL.02. ASESMEN MANDIRI\n"
    "Kode Unit : C.10ABC00.001.1\n"
    "Unit Kompetensi 1 Menyusun Norma Standar\n"
    "Judul Unit :\n"
    "Bidang Uji\n"
    "Dapatkah Saya ? K BK Bukti yang relevan\n"
    "Elemen : 1. Merencanakan pekerjaan\n"
    "Kriteria Unjuk Kerja :\n"
    "1.1 Bahan dikumpulkan. 1.2\n"
    "Rencana disusun.\n"
    "Kode Unit : C.10ABC00.002.1\n"
    "Unit Kompetensi 2\n"
    "Judul Unit : Melaporkan Hasil\n"
    "Elemen : 1. Menyusun laporan\n"
    "Kriteria Unjuk Kerja :\n"
    "1.1 Laporan disusun.\n"
    "Kelompok Pekerjaan 2: Pelaporan\n"
    "No. Kode Unit Judul Unit\n"
    "Asesmen dapat / tidak dapat dilanjutkan\n"
)


def outline(document):
    return [
        (unit.code, unit.title, [(e.no, e.title, [(k.no, k.text) for k in e.kuk]) for e in unit.elements])
        for unit in document.units
    ]


def test_code_rows_above_their_header_labels_before_numbers_and_kuk_opened_at_a_line_end():
    assert outline(parse(FORM.encode())) == [
        (
            "C.10ABC00.001.1",
            "Menyusun Norma Standar Bidang Uji",
            [("1", "Merencanakan pekerjaan", [("1.1", "Bahan dikumpulkan."), ("1.2", "Rencana disusun.")])],
        ),
        ("C.10ABC00.002.1", "Melaporkan Hasil", [("1", "Menyusun laporan", [("1.1", "Laporan disusun.")])]),
    ]


def test_a_saved_php_view_reads_without_its_code_and_its_buttons():
    html = (
        "<html><body><h3>FR.APL.02. ASESMEN MANDIRI</h3><table>"
        "<tr><td>Unit Kompetensi 1:</td><td>Kode Unit : C.10ABC00.001.1</td></tr>"
        "<tr><td>Judul Unit : Melaporkan Hasil</td></tr>"
        "<tr><td>1. Elemen: Menyusun laporan<br>Kriteria Unjuk Kerja:<br>1.1 Laporan disusun.</td>"
        "<td><input type='radio' <?php if ($a->kompeten == '1') { echo \"checked\"; } ?>></td>"
        "<td><a class='btn btn-outline-secondary' href='<?= $url ?>'>Unduh Ijazah</a></td></tr>"
        "</table></body></html>"
    )
    assert outline(parse(html.encode())) == [
        ("C.10ABC00.001.1", "Melaporkan Hasil", [("1", "Menyusun laporan", [("1.1", "Laporan disusun.")])])
    ]


def test_units_opened_by_labelled_code_and_title_rows_with_a_kuk_label_alone():
    form = (
        "FR.APL.02. ASESMEN MANDIRI\n"
        "Kode Kompetensi : Judul Kompetensi :\t:\tC.10ABC00.001.2\n"
        "Kode Kompetensi : Judul Kompetensi :\t:\tMerumuskan Strategi\n"
        "Dapatkah saya\t?\tK\tBK\tBukti yang relevan\n"
        "Elemen 1 :\tMenganalisis strategi\n"
        "KUK\n"
        "\t1.1\tVisi diidentifikasi.\n"
        "Kode Kompetensi : : C.10ABC00.002.2\n"
        "Judul Kompetensi : : Mengevaluasi\n"
        "Efektivitas Strategi\n"
        "Dapatkah saya ? K BK Bukti yang relevan\n"
        "Elemen 1 : Menetapkan metode\n"
        "KUK\n"
        "1.1 Metode ditetapkan.\n"
    )
    assert outline(parse(form.encode())) == [
        (
            "C.10ABC00.001.2",
            "Merumuskan Strategi",
            [("1", "Menganalisis strategi", [("1.1", "Visi diidentifikasi.")])],
        ),
        (
            "C.10ABC00.002.2",
            "Mengevaluasi Efektivitas Strategi",
            [("1", "Menetapkan metode", [("1.1", "Metode ditetapkan.")])],
        ),
    ]


def test_in_a_pdf_the_answer_columns_end_with_the_table_and_the_next_title_is_read_whole():
    from tests.standards.parsing.documents import pdf_from_html

    def unit(code, title, kuk):
        return (
            f"<p>Kode Kompetensi : : {code}</p><p>Judul Kompetensi : : {title}</p>"
            "<table style='width:100%'><tr><td style='width:55%'>Dapatkah Saya ?</td><td>K</td><td>BK</td>"
            "<td>Bukti yang relevan</td></tr><tr><td>Elemen 1 : Menyiapkan pekerjaan</td></tr>"
            f"<tr><td>KUK</td></tr><tr><td>1.1 {kuk}</td></tr></table>"
        )

    long_title = "Menyusun Peraturan Perusahaan dan atau Perjanjian Kerja Bersama di Organisasi"
    html = (
        "<p>FR.APL.02. ASESMEN MANDIRI</p>"
        + unit("C.10ABC00.001.2", "Menyiapkan Kerja", "Alat disiapkan.")
        + unit("C.10ABC00.002.2", long_title, "Bahan disiapkan.")
    )
    document = parse(pdf_from_html(html))
    assert [(u.code, u.title) for u in document.units] == [
        ("C.10ABC00.001.2", "Menyiapkan Kerja"),
        ("C.10ABC00.002.2", long_title),
    ]
    assert [k.text for k in document.units[1].elements[0].kuk] == ["Bahan disiapkan."]


def test_labels_in_one_paragraph_and_the_code_and_title_in_the_next_ones():
    form = (
        "FR.APL.02. ASESMEN MANDIRI\n"
        "Kode Kompetensi : Judul Kompetensi :\n"
        "Dapatkah saya ?\n"
        ":\tC.10ABC00.001.2\n"
        ":\tMengembangkan Desain\n"
        "Elemen 1 :\tMenyiapkan pekerjaan\n"
        "KUK\n"
        "1.1 Alat disiapkan.\n"
        "Kode Kompetensi : Judul Kompetensi :\n"
        ":\tC.10ABC00.002.2\n"
        ":\tMelaporkan Hasil\n"
        "Elemen 1 : Menyusun laporan\n"
        "KUK\n"
        "1.1 Laporan disusun.\n"
    )
    assert outline(parse(form.encode())) == [
        (
            "C.10ABC00.001.2",
            "Mengembangkan Desain",
            [("1", "Menyiapkan pekerjaan", [("1.1", "Alat disiapkan.")])],
        ),
        ("C.10ABC00.002.2", "Melaporkan Hasil", [("1", "Menyusun laporan", [("1.1", "Laporan disusun.")])]),
    ]
