"""Every official form as a PDF: a Django template rendered by WeasyPrint (A4, page numbers, Indonesian)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from kompeten.core.models import LspProfile


def form_html(template: str, context: dict) -> str:
    """The form's HTML, always in Indonesian: official forms are filed in Indonesian."""
    with translation.override("id"):
        return render_to_string(template, {"lsp": LspProfile.current(), **context})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
