"""Scheme documents as PDFs print them: unit rows whose cells are joined by spaces, titles that wrap."""

from kompeten.standards.parsing import parse

HEAD = (
    "SKEMA SERTIFIKASI OKUPASI PENGUJI\n"
    "5.1 Jenis Skema : KKNI/Okupasi/Klaster\n"
    "5.2 Nama Skema : Penguji Perangkat\n"
    "Rincian Unit Kompetensi :\n"
    "No. Kode Unit Judul Unit\n"
)
TAIL = (
    "6. Persyaratan Dasar Pemohon Sertifikasi\n"
    "6.1. Pendidikan minimal SLTA sederajat,\n"
    "SKEMA SERTIFIKASI OKUPASI PENGUJI\n"
    "6.2. Memiliki Pengalaman 1 (satu) tahun.\n"
    "7. Hak Pemohon Sertifikasi dan Kewajiban Pemegang Sertifikat\n"
    "7.1. Hak Pemohon\n"
    "7.1.1. Memperoleh penjelasan tentang proses sertifikasi.\n"
    "7.2. Kewajiban Pemegang Sertifikat\n"
    "7.2.1. Menjamin bahwa sertifikat tidak disalahgunakan.\n"
    "8. Biaya Sertifikasi\n"
    "Biaya mengikuti keputusan LSP.\n"
    "9. Proses Sertifikasi\n"
    "9.1. Pemohon mengisi formulir APL 01.\n"
)


def units(rows: str):
    document = parse((HEAD + rows + TAIL).encode())
    assert document.kind == "scheme"
    return [(unit.code, unit.title) for unit in document.units], document


def test_rows_with_space_joined_cells_and_wrapped_titles():
    found, _ = units(
        "1. C.10ABC00.011.01 Mengidentifikasi Standar Kompetensi dan Kualifikasi\n"
        "Kerja\n"
        "2 C.10ABC00.019.2 Merencanakan Penyajian Materi\n"
    )
    assert found == [
        ("C.10ABC00.011.01", "Mengidentifikasi Standar Kompetensi dan Kualifikasi Kerja"),
        ("C.10ABC00.019.2", "Merencanakan Penyajian Materi"),
    ]


def test_a_code_centred_between_the_two_lines_of_its_title():
    found, _ = units(
        "Mengidentifikasi Kebutuhan Pengelolaan Data untuk\n"
        "1 C.10ABC00.001.1\n"
        "Proses Bisnis\n"
        "2 C.10ABC00.004.1 Mengumpulkan Data\n"
    )
    assert found == [
        ("C.10ABC00.001.1", "Mengidentifikasi Kebutuhan Pengelolaan Data untuk Proses Bisnis"),
        ("C.10ABC00.004.1", "Mengumpulkan Data"),
    ]


def test_numbered_sections_end_at_the_next_heading_and_running_headers_are_left_out():
    _, document = units("1 C.10ABC00.004.1 Mengumpulkan Data\n")
    scheme = document.scheme
    assert (scheme.title, scheme.kind) == ("Penguji Perangkat", "Okupasi")  # the printed choices mark none
    assert scheme.requirements == [
        "Pendidikan minimal SLTA sederajat,",
        "Memiliki Pengalaman 1 (satu) tahun.",
    ]
    assert scheme.rights == ["Memperoleh penjelasan tentang proses sertifikasi."]
    assert scheme.obligations == ["Menjamin bahwa sertifikat tidak disalahgunakan."]
    assert scheme.fee == "Biaya mengikuti keputusan LSP."
