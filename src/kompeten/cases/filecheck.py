"""What an uploaded file must not carry: content other than its type says, or a PDF that acts when opened.

Evidence is always downloaded as an attachment (see ``evidence_response``), but a PDF viewer still runs a
document's JavaScript or launch actions, and a file that is half PDF, half HTML would be a web page to
anything that sniffs it. So uploads are refused when:

- the name's extension says one type and the bytes another (``ktp.pdf`` that is a PNG);
- the file holds HTML markup (``%PDF-`` followed by a web page) in a PDF's objects or an image's first bytes;
- a PDF has no end-of-file marker (``%%EOF``) near its end, so it is not a whole PDF;
- a PDF names JavaScript (``/JS``, ``/JavaScript``), a launch action (``/Launch``) or additional actions that
  run on events (``/AA``), in its objects or inside its compressed object streams, however the name is
  spelled (``/J#61vaScript`` is ``/JavaScript``). ``/OpenAction`` itself (open at a page) is harmless; one that
  runs JavaScript names ``/JavaScript`` and is refused for that.
"""

import re
import zlib

from django.http import FileResponse
from django.utils.translation import gettext as _

from kompeten.core.errors import DomainError

EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
KNOWN_EXTENSIONS = {ext: kind for kind, exts in EXTENSIONS.items() for ext in exts}
HTML_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|object|embed|svg|meta|form|a\s+href|img\s)",
    re.IGNORECASE,
)
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /%()<>\[\]{}]+)")
ACTIVE_NAMES = {b"JS", b"JavaScript", b"Launch", b"AA"}
STREAM = re.compile(rb"<<((?:(?!<<).){0,4000}?)>>\s*stream\r?\n", re.DOTALL)
STREAM_DATA = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
INFLATED_BUDGET = 50 * 1024 * 1024  # object streams are small; more than this is not a document to read


def _name(raw: bytes) -> bytes:
    """A PDF name with its ``#xx`` escapes undone."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def _active_names(data: bytes) -> set[bytes]:
    return {name for name in map(_name, PDF_NAME.findall(data)) if name in ACTIVE_NAMES}


def _object_streams(data: bytes):
    """The inflated content of the PDF's compressed object streams (where objects hide from a plain scan)."""
    budget = INFLATED_BUDGET
    for match in STREAM.finditer(data):
        header = match.group(1)
        if b"ObjStm" not in _name(header) or budget <= 0:
            continue
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[match.end() :], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        yield inflated


def pdf_problem(data: bytes) -> str | None:
    if b"%%EOF" not in data[-1024:]:
        return _("The file starts like a PDF but is not a complete PDF document.")
    found = _active_names(data)
    for inflated in _object_streams(data):
        found |= _active_names(inflated)
    if found:
        return _(
            "The PDF contains scripts or automatic actions (JavaScript, Launch), which are not accepted. "
            "Print it to a new PDF or scan the document, then upload that."
        )
    return None


def refuse_unsafe(name: str, data: bytes, kind: str) -> None:
    """Raise a DomainError with the reason when the upload ``name`` (of type ``kind``) is not safe to keep."""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    claimed = KNOWN_EXTENSIONS.get(extension)
    if claimed is not None and claimed != kind:
        raise DomainError(
            _("“%(name)s” is named as a %(claimed)s file but its content is a %(actual)s file.")
            % {"name": name, "claimed": extension[1:].upper(), "actual": EXTENSIONS[kind][0][1:].upper()}
        )
    # Markup in a PDF's objects (outside its binary streams), or where a browser sniffs an image's type.
    visible = STREAM_DATA.sub(b"", data) if kind == "application/pdf" else data[:1024]
    if HTML_MARKUP.search(visible):
        raise DomainError(_("The file contains a web page (HTML), which is not accepted as a document."))
    if kind == "application/pdf":
        problem = pdf_problem(data)
        if problem:
            raise DomainError(problem)


def download_name(name: str, kind: str, prefix: str = "") -> str:
    """The name a file is downloaded under: always ending in the extension of what it is."""
    base = name[-80:] or "berkas"
    if not base.lower().endswith(EXTENSIONS.get(kind, ("",))):
        base += EXTENSIONS.get(kind, ("",))[0]
    return f"{prefix}{base}"


# Served files are never shown as a page of Kompeten: downloaded, not sniffed, and sandboxed should a browser
# render them anyway (no script, no same-origin access).
FILE_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def evidence_response(file, *, content_type: str, name: str, prefix: str = "") -> FileResponse:
    response = FileResponse(
        file,
        content_type=content_type,
        as_attachment=True,
        filename=download_name(name, content_type, prefix),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
