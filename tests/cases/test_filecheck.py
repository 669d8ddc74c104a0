"""Uploads that are not what they say, or PDFs that act when opened, are refused with the reason."""

import zlib

import pytest

from kompeten.cases import services
from kompeten.core.errors import DomainError
from tests.case_fixtures import PDF, png

ACTIVE = "PDF ini berisi skrip atau aksi otomatis (JavaScript, Launch), yang tidak diterima."


def pdf(*objects: bytes) -> bytes:
    """A small PDF of these objects (numbered from 1), with a cross-reference table and trailer."""
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def upload(draft, name: str, data: bytes):
    return services.evidence_upload(
        actor=draft.asesi, case=draft, name=name, data=data, requirement=draft.scheme.evidence.first()
    )


def test_a_plain_pdf_and_one_that_opens_at_its_first_page_are_accepted(draft):
    assert upload(draft, "ijazah.pdf", pdf(CATALOG, PAGES, PAGE)).content_type == "application/pdf"
    opens_at_page = b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>"
    assert upload(draft, "ijazah.pdf", pdf(opens_at_page, PAGES, PAGE)).content_type == "application/pdf"


@pytest.mark.parametrize(
    "catalog",
    [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /AA << /WC << /S /SubmitForm >> >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 4 0 R >> >>",
    ],
    ids=["openaction-js", "hex-escaped-names", "launch", "additional-actions", "document-js"],
)
def test_a_pdf_that_runs_javascript_or_launches_something_is_refused(draft, catalog):
    with pytest.raises(DomainError) as refused:
        upload(draft, "ijazah.pdf", pdf(catalog, PAGES, PAGE))
    assert str(refused.value).startswith(ACTIVE)
    assert not draft.evidence.exists()


def test_javascript_hidden_in_a_compressed_object_stream_is_found(draft):
    hidden = b"4 0 5 40 << /S /JavaScript /JS (app.alert(1)) >> << /Type /Action >>"
    packed = zlib.compress(hidden)
    object_stream = (
        b"<< /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream"
    )
    with pytest.raises(DomainError, match="berisi skrip atau aksi otomatis"):
        upload(draft, "ijazah.pdf", pdf(CATALOG, PAGES, PAGE, object_stream))
    # the same stream without the script is a document like any other
    harmless = zlib.compress(b"4 0 << /Type /Action >>")
    clean = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(harmless)
    assert upload(draft, "ijazah.pdf", pdf(CATALOG, PAGES, PAGE, clean + harmless + b"\nendstream"))


def test_a_pdf_header_followed_by_a_web_page_is_refused(draft):
    polyglot = b"%PDF-1.4\n<html><body><script>fetch('/dasbor/')</script></body></html>\n%%EOF\n"
    with pytest.raises(DomainError, match="Berkas ini berisi halaman web \\(HTML\\)"):
        upload(draft, "ijazah.pdf", polyglot)
    with pytest.raises(DomainError, match="bukan dokumen PDF yang utuh"):
        upload(draft, "ijazah.pdf", b"%PDF-1.4\n<p>halo</p>" + b" " * 2000)
    assert not draft.evidence.exists()


def test_a_file_whose_name_says_another_type_than_its_content_is_refused(draft):
    with pytest.raises(DomainError) as refused:
        upload(draft, "ktp.pdf", png())
    assert str(refused.value) == "“ktp.pdf” bernama berkas PDF tetapi isinya berkas PNG."
    with pytest.raises(DomainError, match="bernama berkas JPG tetapi isinya berkas PDF"):
        upload(draft, "foto.jpg", PDF)
    assert upload(draft, "ktp.png", png()).content_type == "image/png"


def test_the_upload_page_shows_the_refusal_in_indonesian(client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    requirement = draft.scheme.evidence.first()
    client.force_login(draft.asesi)
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
    response = client.post(
        reverse("cases:document_upload", kwargs={"pk": draft.pk, "requirement_pk": requirement.pk}),
        {"file": SimpleUploadedFile("ijazah.pdf", pdf(catalog, PAGES, PAGE))},
        follow=True,
    )
    assert response.status_code == 200 and ACTIVE in response.content.decode()
    assert not draft.evidence.exists()
