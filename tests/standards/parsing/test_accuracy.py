import json
import subprocess
import sys

from tests.conftest import PROJECT_DIR

KOMPETEN = PROJECT_DIR / ".venv" / "bin" / "kompeten"


def test_every_seed_and_corpus_document_parses_exactly(shared_dir):
    """The acceptance bar of the importer: the shared scorer in --strict mode exits 0."""
    result = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "tools" / "score_parse.py"),
            "--seeds",
            "--strict",
            "--cmd",
            f"{KOMPETEN} parse {{file}} --json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "worst document 1.0000" in result.stdout


def test_the_skkni_seed_gives_its_decree_list_and_assessment_guide(shared_dir):
    result = subprocess.run(
        [str(KOMPETEN), "parse", str(shared_dir / "seeds" / "002_50698809bdac173a.txt"), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    document = json.loads(result.stdout)
    assert document["decree"] == {
        "number": 124,
        "year": 2022,
        "enacted": "2022-08-18",
        "replaces": "Keputusan Menteri Ketenagakerjaan Nomor 389 Tahun 2013",
    }
    assert len(document["unit_list"]) == 50
    unit = document["units"][1]
    assert unit["knowledge"] == ["Strategi bisnis", "Model Bisnis", "Konsep strategi bisnis"]
    assert (
        unit["attitudes"][0]
        == "Kritis dalam mempelajari praktik-praktik terbaik (best practice) dalam bisnis"
    )
    assert unit["variables"]["tools"][:2] == ["Alat pengolah data", "Alat tulis kantor"]
    assert unit["variables"]["regulations"] == []


def test_the_corpus_pdf_reports_what_is_odd_about_it(shared_dir):
    from kompeten.standards.parsing import parse

    document = parse((shared_dir / "corpus" / "skkni-2016-321-jaringan-komputer.pdf").read_bytes())
    warnings = "\n".join(document.warnings)
    assert "Halaman tanpa lapisan teks" in warnings  # the decree's scanned pages
    assert "Unit J.611000.017.01: KUK 2.1 tercetak di bawah elemen 1." in warnings
    assert "Unit J.611000.023.01: elemen ke-3 bernomor 4 dalam dokumen." in warnings
    assert "Unit J.611000.015.02 tidak tercantum dalam daftar unit BAB II" in warnings
    assert document.title.endswith("Bidang Jaringan Komputer")
    assert (document.decree.number, document.decree.year) == (321, 2016)


def test_the_scheme_seed_gives_its_methods_fee_and_validity(shared_dir):
    from kompeten.standards.parsing import parse

    scheme = parse((shared_dir / "seeds" / "004_781e8ea64b54a4ac.txt").read_bytes()).scheme
    assert scheme.methods == [
        {
            "candidates": "Berpengalaman",
            "methods": ["Asesmen Portofolio", "Pertanyaan Wawancara terkait portofolio"],
        },
        {"candidates": "Belum Berpengalaman", "methods": ["Observasi Demonstrasi", "Pertanyaan Lisan"]},
    ]
    assert scheme.fee.startswith("Biaya sertifikasi dibebankan pada APBD")
    assert (scheme.validity_years, scheme.kind) == (3, "Klaster")
