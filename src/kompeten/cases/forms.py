"""The case pages' inputs: what an assessor assignment and an FR.APL.02 autosave may carry."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**31 - 1  # a database id: what an integer column holds on every database
CHOOSE_ASSESSOR = _("Choose an assessor.")


class AssessorAssignForm(forms.Form):
    asesor = forms.ModelChoiceField(
        queryset=get_user_model().objects.all(),
        error_messages={"required": CHOOSE_ASSESSOR, "invalid_choice": CHOOSE_ASSESSOR},
    )


class EvidenceIdsField(forms.Field):
    """The ids of the candidate's files ticked for an element; what is not an id of any row is left out."""

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [
            int(v) for v in values if isinstance(v, str) and v.isascii() and v.isdigit() and int(v) <= MAX_ID
        ]


class SelfAssessmentSaveForm(forms.Form):
    """One autosave of FR.APL.02: a field absent from the post stays as it is (``None``)."""

    version = forms.CharField(required=False)
    answer = forms.CharField(required=False, strip=False)
    evidence_note = forms.CharField(required=False, strip=False)
    evidence = EvidenceIdsField(required=False, widget=forms.SelectMultiple)

    def changes(self) -> dict:
        data = self.cleaned_data
        version = data.get("version") or ""
        return {
            # a garbled version is refused by the service as a stale one (409), never guessed
            "version": int(version)
            if version.isascii() and version.isdigit() and int(version) <= MAX_ID
            else -1,
            "answer": data.get("answer") if "answer" in self.data else None,
            "evidence_note": data.get("evidence_note") if "evidence_note" in self.data else None,
            "evidence_ids": data.get("evidence", []) if "evidence_sent" in self.data else None,
        }
