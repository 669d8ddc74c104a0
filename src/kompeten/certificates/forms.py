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
