"""The forms of the assessment pages: every date, time and number goes through core.forms' one range rule."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from kompeten.accounts.models import User
from kompeten.assessments.models import EvidenceMethod, Tuk
from kompeten.cases.models import Case
from kompeten.core.forms import BoundedDateField, BoundedIntegerField, BoundedTimeField, LocalDateTimeField
from kompeten.schemes.models import Scheme

MAX_ID = 2**31 - 1  # a database id: what an integer column holds on every database

CHOOSE_CANDIDATE = _("Choose a candidate.")
CHOOSE_ASSESSOR = _("Choose an assessor of the list.")
TEST_LIMITS = _("Give the time in minutes (1 to 600) and the pass mark in percent (1 to 100).")
CHOOSE_OPTION = _("Choose one of the options.")
CHOOSE_POTENTIAL = _("Choose the candidate's potential (1 to 5).")


class SessionForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.active().order_by("title"))
    tuk = forms.ModelChoiceField(label=_("TUK"), queryset=Tuk.objects.order_by("name"))
    date = BoundedDateField(label=_("Date"))
    start = BoundedTimeField(label=_("Starts (TUK's local time)"))
    end = BoundedTimeField(label=_("Ends (TUK's local time)"))
    quota = BoundedIntegerField(label=_("Quota"), min_value=1, max_value=500, initial=10)

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and end as moments in time, read in the TUK's own time zone."""
        data, zone = self.cleaned_data, self.cleaned_data["tuk"].zone
        return (
            datetime.datetime.combine(data["date"], data["start"], tzinfo=zone),
            datetime.datetime.combine(data["date"], data["end"], tzinfo=zone),
        )


class TukForm(forms.ModelForm):
    class Meta:
        model = Tuk
        fields = ["address", "time_zone", "contact_name", "contact_phone", "contact_email"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


class ParticipantAddForm(forms.Form):
    """A candidate added to a session, optionally with another assessor than the APL-02 review's."""

    case = forms.ModelChoiceField(
        queryset=Case.objects.all(),
        error_messages={"required": CHOOSE_CANDIDATE, "invalid_choice": CHOOSE_CANDIDATE},
    )
    asesor = forms.ModelChoiceField(
        queryset=User.objects.filter(assessor_profile__isnull=False),
        required=False,
        error_messages={"invalid_choice": CHOOSE_ASSESSOR},
    )
    reason = forms.CharField(required=False, max_length=1000)


class ConsentForm(forms.Form):
    """FR.AK.01 set out by the assessor; the agreed time is read in the TUK's time zone."""

    methods = forms.MultipleChoiceField(choices=EvidenceMethod.choices, required=False)
    agreed_time = LocalDateTimeField(label=_("Agreed day and time (TUK time)"), required=False)
    agreed_place = forms.CharField(required=False, max_length=300)

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_time"].zone = zone


class AdjustmentForm(forms.Form):
    """FR.AK.07: the candidate's potential (1 to 5), per item whether an adjustment is needed, the agreement."""

    potential = BoundedIntegerField(
        label=_("Candidate potential"),
        min_value=1,
        max_value=5,
        required=False,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), CHOOSE_POTENTIAL),
    )
    agreed = forms.CharField(required=False)

    def __init__(self, *args, items: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for n in range(1, items + 1):
            self.fields[f"needed-{n}"] = forms.ChoiceField(
                choices=[("yes", "yes"), ("no", "no")], required=False
            )
            self.fields[f"note-{n}"] = forms.CharField(required=False, max_length=1000)

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            str(n): {"needed": data[f"needed-{n}"] == "yes", "note": data[f"note-{n}"]}
            for n in range(1, self.items + 1)
        }


class TestOpenForm(forms.Form):
    """FR.IA.05 opened: minutes allowed and the pass mark in percent."""

    minutes = BoundedIntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=600,
        required=False,
        error_messages={"invalid": TEST_LIMITS},
    )
    pass_mark = BoundedIntegerField(
        label=_("Pass mark in percent"),
        min_value=1,
        max_value=100,
        required=False,
        error_messages={"invalid": TEST_LIMITS},
    )

    def clean_minutes(self):
        return 60 if self.cleaned_data["minutes"] is None else self.cleaned_data["minutes"]

    def clean_pass_mark(self):
        return 70 if self.cleaned_data["pass_mark"] is None else self.cleaned_data["pass_mark"]


class InstrumentFieldForm(forms.Form):
    """One autosaved field of an instrument: its key, its value and the version the browser last saw."""

    key = forms.CharField(max_length=200)
    value = forms.CharField(required=False, strip=False)
    version = BoundedIntegerField(min_value=0, max_value=MAX_ID)


class TestAnswerForm(forms.Form):
    question = BoundedIntegerField(min_value=1, max_value=MAX_ID, error_messages={"invalid": CHOOSE_OPTION})
    option = BoundedIntegerField(min_value=0, max_value=25, error_messages={"invalid": CHOOSE_OPTION})


class MasterAssessorForm(forms.Form):
    """The Admin LSP designates the master assessor who leads a session's FR.VA."""

    asesor = forms.ModelChoiceField(
        label=_("Master assessor"),
        queryset=User.objects.filter(assessor_profile__isnull=False),
        error_messages={"required": CHOOSE_ASSESSOR, "invalid_choice": CHOOSE_ASSESSOR},
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        if session is not None:  # the assessors of the scheme who do not assess in the session
            self.fields["asesor"].queryset = (
                User.objects.filter(assessor_profile__schemes=session.scheme_id)
                .exclude(pk__in=session.assessors.values("asesor"))
                .exclude(pk__in=session.participants.values("asesor"))
                .order_by("full_name")
                .distinct()
            )
