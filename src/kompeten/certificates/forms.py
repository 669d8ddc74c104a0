"""Forms of the certificates area that take dates, through core.forms' one range rule."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompeten.core.forms import BoundedIntegerField, LocalDateTimeField


class AppealHearingForm(forms.Form):
    """When an appeal's hearing was held (in the site's time zone; not later than today) and its minutes."""

    held_at = LocalDateTimeField(label=_("Held on"), latest=timezone.localdate)
    notes = forms.CharField(required=False)


class PageForm(forms.Form):
    """``?page=``: which page of a list; anything but a page number means the first."""

    page = BoundedIntegerField(min_value=1, max_value=100_000, required=False)

    def number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1


class ReportFilterForm(forms.Form):
    """The report's period (a year, a range of months) and scheme, each checked on its own so that a wrong one
    falls back to its default (see ``dashboards.report_query``)."""

    month_from = BoundedIntegerField(min_value=1, max_value=12, required=False)
    month_to = BoundedIntegerField(min_value=1, max_value=12, required=False)
    scheme = forms.CharField(required=False, max_length=200)

    def __init__(self, data, *, first_year: int, latest_year: int, schemes, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"] = BoundedIntegerField(min_value=first_year, max_value=latest_year, required=False)
        self.schemes = schemes

    def clean_scheme(self) -> str:
        code = self.cleaned_data["scheme"]
        if code and code not in self.schemes:
            raise forms.ValidationError("unknown scheme", code="unknown")
        return code

    def clean(self):
        data = super().clean()
        first, last = data.get("month_from") or 1, data.get("month_to") or 12
        if "month_from" in data and "month_to" in data and first > last:
            self.add_error("month_to", forms.ValidationError("first after last", code="order"))
        return data
