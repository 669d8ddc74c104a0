import datetime
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from kompeten.core.models import LspProfile
from kompeten.core.services import LSP_PROFILE_FIELDS


def formfield_assuming_https(field: models.Field, **kwargs) -> forms.Field | None:
    """Web addresses typed without a scheme are taken as https://."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class LinesField(forms.Field):
    """An ordered list of texts edited as a textarea, one item per line (blank lines dropped)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data) -> bool:
        return self.to_python(initial or []) != self.to_python(data)


# --- dates, times and numbers: one rule for every form ------------------------------------------------------

EARLIEST_YEAR = 2000  # nothing Kompeten records (sessions, hearings, licences, decisions) happened before
PLAN_YEARS_AHEAD = 5
YOUNGEST_CANDIDATE = 10  # years: a date of birth later than this is a typing error  # how far ahead a plan (a session, an agreed time, a licence) may be set
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]

BAD_DATE = _("Enter a real date, for example 2026-03-15.")
BAD_TIME = _("Enter a real time of day, for example 09:30.")
BAD_DATETIME = _("Enter a real date and time, for example 2026-03-15 09:30.")
DATE_OUT_OF_RANGE = _("The date must lie between %(first)s and %(last)s.")
BAD_NUMBER = _("Enter a whole number.")
NUMBER_OUT_OF_RANGE = _("Enter a whole number from %(min)s to %(max)s.")


def earliest_date() -> datetime.date:
    return datetime.date(EARLIEST_YEAR, 1, 1)


def latest_plan_date() -> datetime.date:
    """The last day a plan may be set for: the end of the year ``PLAN_YEARS_AHEAD`` years from now."""
    return datetime.date(timezone.localdate().year + PLAN_YEARS_AHEAD, 12, 31)


def date_in_range(day: datetime.date, first: datetime.date | None = None, last: datetime.date | None = None):
    """Refuse ``day`` outside ``first``..``last`` (by default 1 January 2000 to the plan horizon)."""
    first, last = first or earliest_date(), last or latest_plan_date()
    if not first <= day <= last:
        raise ValidationError(
            DATE_OUT_OF_RANGE,
            code="date_out_of_range",
            params={"first": first.strftime("%d-%m-%Y"), "last": last.strftime("%d-%m-%Y")},
        )


class BoundedDateField(forms.DateField):
    """A calendar date that exists and lies within the range every Kompeten date keeps
    (``latest`` a callable, the plan horizon by default)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": BAD_DATE}

    def __init__(self, *, earliest=earliest_date, latest=latest_plan_date, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"])
        super().__init__(**kwargs)
        self.earliest, self.latest = earliest, latest

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 40:  # no parser needs more than this
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            date_in_range(value, self.earliest(), self.latest())


def earliest_birth_date() -> datetime.date:
    return datetime.date(1900, 1, 1)


def latest_birth_date() -> datetime.date:
    """``YOUNGEST_CANDIDATE`` years ago: vocational students sit from about 16, so a later date is a typo."""
    today = timezone.localdate()
    return today.replace(year=today.year - YOUNGEST_CANDIDATE, day=min(today.day, 28))


class BirthDateField(BoundedDateField):
    """A plausible date of birth: from 1900 to ``YOUNGEST_CANDIDATE`` years ago (for ApplicantProfileForm)."""

    def __init__(self, **kwargs):
        super().__init__(earliest=earliest_birth_date, latest=latest_birth_date, **kwargs)


class BoundedTimeField(forms.TimeField):
    """A time of day that exists (``25:61`` does not)."""

    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    default_error_messages = {"invalid": BAD_TIME}

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 40:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as typed in a ``datetime-local`` input, read in ``zone`` (the TUK's, or the site's when
    none is given), that exists and lies within the range of ``BoundedDateField``. Set ``zone`` per form
    instance: ``form.fields["x"].zone = tuk.zone``."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {"invalid": BAD_DATETIME}

    def __init__(self, *, zone=None, earliest=earliest_date, latest=latest_plan_date, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        super().__init__(**kwargs)
        self.zone, self.earliest, self.latest = zone, earliest, latest

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            naive = timezone.make_naive(value, self.zone) if timezone.is_aware(value) else value
        else:
            text = str(value).strip()
            naive = None
            for pattern in self.input_formats if len(text) <= 40 else ():
                try:
                    naive = datetime.datetime.strptime(text, pattern)
                    break
                except ValueError:
                    continue
            if naive is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        # the range first, so that no moment at the edge of the calendar is ever converted between zones
        date_in_range(naive.date(), self.earliest(), self.latest())
        return timezone.make_aware(naive, self.zone or timezone.get_current_timezone())

    def validate(self, value):
        forms.Field.validate(self, value)


WHOLE_NUMBER = re.compile(r"-?[0-9]+")  # ASCII digits only: not "²", "٣", "5.0" or "1e3"
_number_message = lazy(lambda low, high: str(NUMBER_OUT_OF_RANGE) % {"min": low, "max": high}, str)


class BoundedIntegerField(forms.IntegerField):
    """A whole number in ASCII digits from ``min_value`` to ``max_value`` (both required), one message for both
    garbage and a number out of range."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        message = _number_message(min_value, max_value)
        kwargs["error_messages"] = {
            "invalid": message,
            "min_value": message,
            "max_value": message,
            **kwargs.get("error_messages", {}),
        }
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self.digits = len(str(max(abs(min_value), abs(max_value)))) + 1

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if value and (len(value) > self.digits or not WHOLE_NUMBER.fullmatch(value)):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def first_error(form: forms.Form) -> str:
    """The first message of an invalid form, field errors before the form's own, prefixed by the field label."""
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        label = form.fields[name].label if name in form.fields else name
        return f"{label}: {errors[0]}" if label else errors[0]
    return form.errors.get(NON_FIELD_ERRORS, [""])[0]


class LspProfileForm(forms.ModelForm):
    class Meta:
        model = LspProfile
        fields = LSP_PROFILE_FIELDS
        formfield_callback = formfield_assuming_https
        field_classes = {"licence_valid_until": BoundedDateField}
        widgets = {
            "licence_valid_until": BoundedDateField.widget,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
