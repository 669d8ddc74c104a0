"""FR.IA.05 question banks to and from Excel: one row per question.

Columns: Kode Unit | Pertanyaan | A | B | C | D | E | Kunci (the letter of the correct option).
"""

import string

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompeten.assessments.models import Question
from kompeten.core import workbooks
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.services import require_perm
from kompeten.standards.parsing.codes import normalise_unit_code

HEADER = ["Kode Unit", "Pertanyaan", "A", "B", "C", "D", "E", "Kunci"]
LETTERS = string.ascii_uppercase[:5]
MAX_QUESTIONS = 5_000  # in one file
TOO_MANY_QUESTIONS = gettext_lazy(
    "The file holds more than %(max)s questions; split it into files of at most %(max)s rows."
)


def export_workbook(scheme) -> bytes:
    units = [su.unit for su in scheme.scheme_units.select_related("unit").order_by("order")]
    rows = []
    for question in (
        Question.objects.filter(unit__in=units, active=True).select_related("unit").order_by("unit_id", "pk")
    ):
        options = list(question.options) + [""] * (5 - len(question.options))
        rows.append([question.unit.code, question.text, *options[:5], LETTERS[question.answer]])
    return workbooks.workbook_bytes("Bank soal", HEADER, rows)


def import_workbook(*, actor, scheme, data: bytes, progress=None) -> int:
    """Add the questions of an Excel sheet to the scheme's bank; any bad row refuses the whole file.

    Run by the background worker (see core.import_jobs): ``progress(fraction)`` is told how far it is, and
    is called with 1.0 inside the transaction that writes, last, where it may still stop the import."""
    require_perm(actor, "assessments.change_assessmentsession")
    header, rows = workbooks.sheet_rows(
        data,
        max_columns=len(HEADER),
        max_rows=MAX_QUESTIONS,
        too_many_rows=TOO_MANY_QUESTIONS,
        progress=progress,
    )
    if [str(cell or "").strip() for cell in header] != HEADER:
        raise DomainError(_("The first row must be the header: %(header)s.") % {"header": " | ".join(HEADER)})
    units = {su.unit.code: su.unit for su in scheme.scheme_units.select_related("unit") if su.unit.code}
    questions = []
    for number, row in rows:
        cells = [str(cell).strip() if cell is not None else "" for cell in (list(row) + [None] * 8)[:8]]
        code, text, options, key = cells[0], cells[1], [c for c in cells[2:7] if c], cells[7].upper()
        unit = units.get(normalise_unit_code(code)) if code else None
        if unit is None:
            raise DomainError(
                _("Row %(row)s: %(code)s is not a unit of this scheme.")
                % {"row": number, "code": code or "—"}
            )
        if not text or len(options) < 2:
            raise DomainError(
                _("Row %(row)s: a question needs its text and at least two options.") % {"row": number}
            )
        if key not in LETTERS[: len(options)]:
            raise DomainError(
                _("Row %(row)s: the key must be the letter of one of the options.") % {"row": number}
            )
        questions.append(Question(unit=unit, text=text, options=options, answer=LETTERS.index(key)))
    if not questions:
        raise DomainError(_("The workbook holds no questions."))
    with transaction.atomic():
        if progress is not None:
            progress(1.0)
        Question.objects.bulk_create(questions)
        audit_log(
            actor=actor,
            code="kompeten.question_bank.imported",
            obj=scheme,
            data={"questions": len(questions)},
        )
    return len(questions)
