import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompeten.standards.parsing.codes import normalise_unit_code


@pytest.mark.parametrize(
    ("printed", "normalised"),
    [
        ("M.70.MKT00.025.2", "M.70MKT00.025.2"),
        ("M.70MKT00.025.2", "M.70MKT00.025.2"),
        ("N.821.100.029.02", "N.821100.029.02"),
        ("J.63OPR00.001.2", "J.63OPR00.001.2"),
        ("K.62AIN00.001.2", "K.62AIN00.001.2"),
        ("TAN. KS01.001.01", "TAN.KS01.001.01"),
        ("MSL913001A", "MSL913001A"),
        (" m.70mkt00.003.2 ", "M.70MKT00.003.2"),
    ],
)
def test_it_normalises_unit_codes_as_printed_in_real_documents(printed, normalised):
    assert normalise_unit_code(printed) == normalised


@given(st.text(alphabet="MNJK.0123456789ABCDEFGHIJ ", max_size=30))
def test_normalising_twice_changes_nothing(printed):
    once = normalise_unit_code(printed)
    assert normalise_unit_code(once) == once


def test_the_parsing_package_has_no_django_import():
    import pathlib

    import kompeten.standards.parsing as parsing

    for source in pathlib.Path(parsing.__file__).parent.rglob("*.py"):
        assert "django" not in source.read_text(), source
