from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompeten.accounts.identity import PROVINCES, nik_problems
from kompeten.accounts.models import ApplicantProfile, Nationality
from kompeten.core.notify import no_line_breaks

CONSENT_TEXT = _(
    "I agree that the LSP processes my personal data (identity, contact details, education, work and the "
    "evidence I upload) to carry out my competency certification, in line with Law No. 27 of 2022 on "
    "Personal Data Protection. My data is shown only to me, to the LSP staff who need it and to my "
    "assigned assessor. I may see, correct and download my data, and withdraw this consent by contacting "
    "the LSP."
)


class NextPageForm(forms.Form):
    """Where to go after signing in (``?next=``); anything but a page of this site means the admin index."""

    next = forms.CharField(required=False, max_length=2000)

    def next_page(self, request, default: str) -> str:
        from django.utils.http import url_has_allowed_host_and_scheme

        wanted = self.cleaned_data.get("next", "") if self.is_valid() else ""
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return wanted
        return default


class ApplicantSignupForm(forms.Form):
    """Extra fields of the registration form (django-allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Full name (as on your ID card)"), max_length=200, validators=[no_line_breaks]
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)

    def signup(self, request, user) -> None:
        from kompeten.accounts.services import applicant_onboard

        applicant_onboard(
            user=user, full_name=self.cleaned_data["full_name"], consent_text=gettext(CONSENT_TEXT)
        )


class ApplicantProfileForm(forms.ModelForm):
    full_name = forms.CharField(
        label=_("Full name (as on your ID card)"), max_length=200, validators=[no_line_breaks]
    )
    nik = forms.CharField(
        label=_("NIK"), max_length=16, required=False, help_text=_("16 digits, as on your KTP.")
    )
    passport_number = forms.CharField(
        label=_("Passport number"), max_length=40, required=False, help_text=_("For foreign citizens.")
    )
    province = forms.ChoiceField(
        label=_("Province of your ID card (KTP)"),
        choices=[("", "—"), *sorted(PROVINCES.items(), key=lambda item: item[1])],
        required=False,
    )

    class Meta:
        model = ApplicantProfile
        fields = [
            "nationality",
            "province",
            "place_of_birth",
            "date_of_birth",
            "sex",
            "address",
            "phone",
            "last_education",
            "employer",
            "job_title",
            "employer_address",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
            "employer_address": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = ["full_name", "nationality", "nik", "passport_number", "province"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.instance
        self.initial.setdefault("full_name", profile.user.full_name)
        if profile.pk:
            self.initial.setdefault("nik", profile.nik)
            self.initial.setdefault("passport_number", profile.passport_number)
        for name in ("place_of_birth", "date_of_birth", "sex", "address", "phone", "last_education"):
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        if data.get("nationality") == Nationality.WNI:
            nik = (data.get("nik") or "").strip()
            if not nik:
                self.add_error("nik", gettext("Indonesian citizens give their NIK."))
            elif not data.get("province"):
                self.add_error("province", gettext("Choose the province on your KTP."))
            else:
                for problem in nik_problems(
                    nik,
                    province=data["province"],
                    date_of_birth=data.get("date_of_birth"),
                    sex=data.get("sex", ""),
                ):
                    self.add_error("nik", problem)
        elif data.get("nationality") == Nationality.WNA and not (data.get("passport_number") or "").strip():
            self.add_error("passport_number", gettext("Foreign citizens give their passport number."))
        return data


class DataCorrectionForm(forms.Form):
    """A person asks the LSP to correct data they cannot change themselves (a signed application, say)."""

    text = forms.CharField(
        label=_("What is wrong, and what it should be"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
