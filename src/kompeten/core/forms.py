from django import forms
from django.db import models

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


class LspProfileForm(forms.ModelForm):
    class Meta:
        model = LspProfile
        fields = LSP_PROFILE_FIELDS
        formfield_callback = formfield_assuming_https
        widgets = {
            "licence_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
