from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kompeten.core.formdata import too_large_message

KIND_CHOICES = [
    ("auto", _("Recognise automatically")),
    ("skkni", _("SKKNI decree")),
    ("apl02", _("FR.APL.02 self-assessment form")),
    ("scheme", _("Certification scheme document")),
    ("unit_listing", _("Scheme unit listing")),
]


class ImportUploadForm(forms.Form):
    document = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, DOCX, HTML or text, at most %(mb)s MB.") % {"mb": settings.KOMPETEN_IMPORT_MAX_MB},
    )
    kind = forms.ChoiceField(label=_("Kind of document"), choices=KIND_CHOICES, initial="auto")

    def clean_document(self):
        upload = self.cleaned_data["document"]
        limit = settings.KOMPETEN_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:  # checked before the file is read into memory
            raise forms.ValidationError(too_large_message(upload.size, limit))
        return upload
