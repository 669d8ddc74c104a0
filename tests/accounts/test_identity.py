import datetime

import pytest

from kompeten.accounts.identity import mask, nik_problems

BORN = datetime.date(1990, 8, 17)


def test_a_nik_that_agrees_with_the_profile_has_no_problems():
    assert nik_problems("3171011708900001", province="31", date_of_birth=BORN, sex="L") == []


def test_for_women_the_birth_day_in_the_nik_is_increased_by_40():
    assert nik_problems("3171015708900002", province="31", date_of_birth=BORN, sex="P") == []
    assert nik_problems("3171011708900002", province="31", date_of_birth=BORN, sex="P") == [
        "Digit ke-7 sampai ke-12 NIK tidak sesuai dengan tanggal lahir Anda (untuk perempuan, tanggal ditambah 40)."
    ]


@pytest.mark.parametrize(
    ("nik", "problem"),
    [
        ("317101170890", "NIK terdiri atas tepat 16 digit."),
        ("31710117089000AB", "NIK terdiri atas tepat 16 digit."),
        ("9971011708900001", "Dua digit pertama NIK bukan kode provinsi di Indonesia."),
        (
            "3271011708900001",
            "NIK berasal dari provinsi Jawa Barat, bukan DKI Jakarta seperti di profil Anda.",
        ),
        ("3171011808900001", "Digit ke-7 sampai ke-12 NIK tidak sesuai dengan tanggal lahir Anda."),
        ("3171011708900000", "Empat digit terakhir NIK tidak pernah 0000."),
    ],
)
def test_a_nik_that_disagrees_is_explained_in_indonesian(nik, problem):
    assert problem in nik_problems(nik, province="31", date_of_birth=BORN, sex="L")


def test_masking_shows_only_the_beginning():
    assert mask("3171011708900001") == "3171************"
    assert mask("") == ""
