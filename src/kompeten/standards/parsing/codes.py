"""Unit-code normalisation.

SKKNI unit codes have four dot-separated parts: sector letter, KBLI group with field, number, version
(``M.70MKT00.025.2``). Documents also print them with the KBLI group split off by an extra dot
(``M.70.MKT00.025.2``, ``N.821.100.029.02``) or with stray spaces (``TAN. KS01.001.01``); such forms are
folded into the four-part form. Codes that follow another scheme (``MSL913001A``) are kept as printed.
"""

import re

_SPACES = re.compile(r"\s+")


def normalise_unit_code(printed: str) -> str:
    code = _SPACES.sub("", printed).strip(".").upper()
    parts = code.split(".")
    if len(parts) == 5 and parts[0].isalpha() and parts[1].isdigit():
        parts[1:3] = [parts[1] + parts[2]]
    return ".".join(parts)
