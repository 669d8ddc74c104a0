from django import forms
from django.db import models

from kompeten.core.models import LspProfile
from kompeten.core.services import LSP_PROFILE_FIELDS


def formfield_assuming_https(field: models.Field, **kwargs) -> forms.Field | None:
    """Web addresses typed without a scheme are taken as https://."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class LspProfileForm(forms.ModelForm):
    class Meta:
        model = LspProfile
        fields = LSP_PROFILE_FIELDS
        formfield_callback = formfield_assuming_https
        widgets = {
            "licence_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
