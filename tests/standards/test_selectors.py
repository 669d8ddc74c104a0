from kompeten.standards.parsing import parse
from kompeten.standards.selectors import reconcile, unit_by_title, word_diff
from kompeten.standards.services import standard_write
from tests.factories import UnitFactory


def contract(shared_dir, name):
    return parse((shared_dir / "seeds" / f"{name}.txt").read_bytes()).as_contract()


def test_the_reconciliation_shows_how_the_lsp_form_differs_from_the_skkni(db, shared_dir):
    standard_write(contract(shared_dir, "002_50698809bdac173a"))
    rows = {row.code: row for row in reconcile(contract(shared_dir, "001_fc7e7a7da436c8e2"))}
    differences = [
        str(text)
        for row in rows.values()
        for element in row.elements
        for text in [element.title, *(kuk.text for kuk in element.kuk)]
        if "<del>" in str(text) or "<ins>" in str(text)
    ]
    assert any("<del>personil</del> <ins>personal</ins>" in text for text in differences)
    assert any("<ins>Membangun</ins> Mengintegrasikan" in text for text in differences)
    assert any("<del>dituliskan</del> <ins>ditulisakan</ins>" in text for text in differences)
    assert rows["M.70MKT00.027.2"].note == "by_title"  # printed without a code in the form
    assert rows["M.70MKT00.019.2"].status == "unchanged"
    assert rows["M.70MKT00.020.2"].note == "not_found"  # the SKKNI seed does not describe it


def test_units_are_found_by_title_despite_case_punctuation_and_small_typos(db):
    unit = UnitFactory(title="Menyusun Pelayanan yang Khas Berdasarkan Merek Organisasi (Branded Service)")
    UnitFactory(title="Mengelola Program Loyalitas Pelanggan")
    assert unit_by_title("menyusun pelayanan yang khas berdasarkan merek organisasi branded service") == unit
    assert unit_by_title("Menyusun Pelayanan yg Khas Berdasarkan Merek Organisasi (Branded Service)") == unit
    assert unit_by_title("Mengoperasikan Komputer") is None


def test_word_diff_marks_changes_and_escapes_everything():
    assert str(word_diff("a <b> c", "a <i> c")) == "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins> c"
