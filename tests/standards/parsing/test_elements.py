from kompeten.standards.parsing.elements import ElementReader, numbering_warnings


def read(*lines: str):
    reader = ElementReader()
    for line in lines:
        reader.feed_line(line)
    return reader.elements()


def as_tuples(elements):
    return [(e.no, e.title, [(k.no, k.text) for k in e.kuk]) for e in elements]


def test_a_two_column_row_gives_the_element_and_its_kuk():
    elements = read("1. Menyalakan perangkat\t1.1 Indikator dilihat. 1.2 Proses dijalankan.")
    assert as_tuples(elements) == [
        ("1", "Menyalakan perangkat", [("1.1", "Indikator dilihat."), ("1.2", "Proses dijalankan.")])
    ]


def test_a_labelled_apl02_cell_gives_the_element_and_its_kuk():
    elements = read(
        "<p>2. Elemen: 2. Menerapkan program <i>media relations</i></p> <ul> • Kriteria Unjuk Kerja: "
        "<p>2.1. Data dijelaskan.</p> <p>2.2. Media kit didistribusikan</p>\t<input type='checkbox'/>\tK\tBK"
    )
    assert as_tuples(elements) == [
        (
            "2",
            "Menerapkan program media relations",
            [("2.1", "Data dijelaskan."), ("2.2", "Media kit didistribusikan")],
        )
    ]


def test_kuk_run_together_without_spaces_are_split():
    elements = read("1. Merawat alat\t1.1 Alat diperiksa berkala.1.2 Praktik kerja aman dijalankan.")
    assert [(k.no, k.text) for k in elements[0].kuk] == [
        ("1.1", "Alat diperiksa berkala."),
        ("1.2", "Praktik kerja aman dijalankan."),
    ]


def test_a_number_inside_a_sentence_does_not_start_a_kuk():
    elements = read(
        "1. Memasang sistem operasi Windows 8.1 Pro\t1.1 Versi 10.2 Server dipasang. 1.2 Lisensi diaktifkan."
    )
    assert elements[0].title == "Memasang sistem operasi Windows 8.1 Pro"
    assert [(k.no, k.text) for k in elements[0].kuk] == [
        ("1.1", "Versi 10.2 Server dipasang."),
        ("1.2", "Lisensi diaktifkan."),
    ]


def test_rows_broken_across_pages_continue_the_kuk_they_belong_to():
    elements = read(
        "3. Elemen: Melaksanakan penanganan • Kriteria Unjuk Kerja: 3.1 Maaf disampaikan. 3.2 Solusi",
        "",
        "<p>ditawarkan berdasarkan kebijakan.</p> <p>3.3 Terima kasih disampaikan.</p>\t\t\t",
    )
    assert [(k.no, k.text) for k in elements[0].kuk] == [
        ("3.1", "Maaf disampaikan."),
        ("3.2", "Solusi ditawarkan berdasarkan kebijakan."),
        ("3.3", "Terima kasih disampaikan."),
    ]


def test_numbering_errors_are_kept_as_printed_and_reported():
    elements = read(
        "1. Menyiapkan\t2.1 Data disiapkan. 2.2 Alat disiapkan.",
        "2. Memeriksa\t2.1 Data diperiksa.",
        "4. Melapor\t3.1 Laporan dibuat.",
    )
    assert [(e.no, [k.no for k in e.kuk]) for e in elements] == [
        ("1", ["2.1", "2.2"]),
        ("2", ["2.1"]),
        ("4", ["3.1"]),
    ]
    warnings = numbering_warnings("Unit X", elements)
    assert "Unit X: KUK 2.1 tercetak di bawah elemen 1." in warnings
    assert "Unit X: elemen ke-3 bernomor 4 dalam dokumen." in warnings
