import os
import subprocess

import pytest

from kompeten.standards.parsing import ParseError, TimeBudgetExceeded, UnsupportedDocument, parse
from tests.conftest import PROJECT_DIR
from tests.standards.parsing import documents

KOMPETEN = PROJECT_DIR / ".venv" / "bin" / "kompeten"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (os.urandom(4096), "bukan PDF, DOCX, HTML, atau teks"),
        (b"", "kosong"),
        (b"PK\x03\x04garbage", "bukan dokumen Word"),
        (b"The quick brown fox jumps over the lazy dog.\n" * 20, "tidak dikenali"),
        ("Der schnelle braune Fuchs springt über den faulen Hund.\n".encode() * 20, "tidak dikenali"),
    ],
    ids=["random-bytes", "empty", "broken-zip", "english-text", "german-text"],
)
def test_unreadable_input_gets_a_clear_indonesian_message(data, message):
    with pytest.raises(UnsupportedDocument, match=message):
        parse(data)


def test_a_truncated_pdf_is_refused():
    pdf = documents.skkni_pdf()
    with pytest.raises(UnsupportedDocument, match=r"rusak atau terpotong|tidak memiliki lapisan teks"):
        parse(pdf[: len(pdf) // 3])


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(UnsupportedDocument, match="terkunci dengan kata sandi"):
        parse(documents.encrypted_pdf())


def test_a_pdf_of_scanned_pages_only_is_refused():
    with pytest.raises(UnsupportedDocument, match="tidak memiliki lapisan teks"):
        parse(documents.scanned_pdf())


def test_an_empty_docx_is_refused():
    with pytest.raises(UnsupportedDocument, match="kosong"):
        parse(documents.empty_docx())


def test_a_file_over_the_limit_is_refused_before_reading():
    with pytest.raises(UnsupportedDocument, match="terlalu besar"):
        parse(b"%PDF-" + b"0" * (21 * 1024 * 1024))


def test_parsing_that_runs_out_of_time_raises_the_documented_error():
    with pytest.raises(TimeBudgetExceeded, match="batas waktu"):
        parse(documents.skkni_pdf(), time_budget=0)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ParseError, match="Jenis dokumen tidak dikenal"):
        parse(documents.skkni_text().encode(), kind="ijazah")


@pytest.mark.parametrize(
    "content", [os.urandom(2048), b"%PDF-1.4 broken", b""], ids=["random", "pdf", "empty"]
)
def test_the_cli_exits_2_with_one_line_and_no_traceback(tmp_path, content):
    path = tmp_path / "dokumen.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [str(KOMPETEN), "parse", str(path), "--json"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_the_cli_says_when_the_file_is_missing(tmp_path):
    result = subprocess.run(
        [str(KOMPETEN), "parse", str(tmp_path / "tidak-ada.pdf")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "berkas tidak dapat dibuka" in result.stderr


def test_the_cli_forces_a_kind_and_prints_json(tmp_path):
    import json

    path = tmp_path / "standar.txt"
    path.write_text(documents.skkni_text())
    result = subprocess.run(
        [str(KOMPETEN), "parse", str(path), "--kind", "skkni", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == [
        "kind",
        "title",
        "decree",
        "scheme",
        "assessor_name",
        "unit_list",
        "units",
        "warnings",
    ]
    assert document["units"][0]["critical_aspects"] == ["Ketepatan menyiapkan alat."]
    assert document["scheme"] is None


def test_the_cli_stays_quiet_when_its_reader_stops_early(shared_dir):
    result = subprocess.run(
        f"{KOMPETEN} parse {shared_dir / 'seeds' / '000_33c7d7a3e27a5143.txt'} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("apl02: 10 unit")
    assert "Traceback" not in result.stderr
