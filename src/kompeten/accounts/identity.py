"""Indonesian identity numbers: the NIK and what its digits say."""

import datetime
import re

from django.utils.translation import gettext as _

# Province codes of the first two digits of an NIK (Kemendagri), with their names.
PROVINCES = {
    "11": "Aceh", "12": "Sumatera Utara", "13": "Sumatera Barat", "14": "Riau", "15": "Jambi",
    "16": "Sumatera Selatan", "17": "Bengkulu", "18": "Lampung", "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau", "31": "DKI Jakarta", "32": "Jawa Barat", "33": "Jawa Tengah",
    "34": "DI Yogyakarta", "35": "Jawa Timur", "36": "Banten", "51": "Bali", "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur", "61": "Kalimantan Barat", "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan", "64": "Kalimantan Timur", "65": "Kalimantan Utara", "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah", "73": "Sulawesi Selatan", "74": "Sulawesi Tenggara", "75": "Gorontalo",
    "76": "Sulawesi Barat", "81": "Maluku", "82": "Maluku Utara", "91": "Papua", "92": "Papua Barat",
    "93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan", "96": "Papua Barat Daya",
}  # fmt: skip


def nik_problems(nik: str, *, province: str, date_of_birth: datetime.date | None, sex: str) -> list[str]:
    """Why ``nik`` cannot be this person's NIK, in Indonesian; empty when it agrees with the profile.

    Digits 1-2 are the province, 7-12 the birth date as DDMMYY with 40 added to the day for women.
    """
    if not re.fullmatch(r"\d{16}", nik or ""):
        return [_("An NIK has exactly 16 digits.")]
    problems = []
    if nik[:2] not in PROVINCES:
        problems.append(_("The first two digits of the NIK are not an Indonesian province code."))
    elif province and nik[:2] != province:
        problems.append(
            _("The NIK belongs to the province of %(nik)s, not %(profile)s as in your profile.")
            % {"nik": PROVINCES[nik[:2]], "profile": PROVINCES.get(province, province)}
        )
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if sex == "P":
        day -= 40
    if date_of_birth is not None and (day, month, year) != (
        date_of_birth.day,
        date_of_birth.month,
        date_of_birth.year % 100,
    ):
        problems.append(
            _("Digits 7 to 12 of the NIK do not match your date of birth%(women)s.")
            % {"women": _(" (for women the day is increased by 40)") if sex == "P" else ""}
        )
    if nik[12:] == "0000":
        problems.append(_("The last four digits of an NIK are never 0000."))
    return problems


def mask(value: str, visible: int = 4) -> str:
    """``3171************``: enough to recognise, not enough to use."""
    if not value:
        return ""
    return value[:visible] + "*" * max(0, len(value) - visible)
