import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from kompeten.assessments.models import Tuk
from kompeten.schemes.models import Scheme


class SessionForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.active().order_by("title"))
    tuk = forms.ModelChoiceField(label=_("TUK"), queryset=Tuk.objects.order_by("name"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("Starts (TUK's local time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(label=_("Ends (TUK's local time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    quota = forms.IntegerField(label=_("Quota"), min_value=1, max_value=500, initial=10)

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
