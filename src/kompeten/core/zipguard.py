"""Refusing a crafted Office file (a zip bomb) before anything parses it.

An .xlsx or .docx is a zip archive. A few hundred kilobytes can declare hundreds of megabytes of XML (empty
rows, repeated runs), which openpyxl or python-docx would then parse inside one request. ``check_zip`` reads
only the archive's central directory, and refuses it by the number of members, the total size it unpacks
to and each member's compression ratio. Python's zipfile never inflates a member past the size the
directory declares for it, so a member that lies about its size cannot unpack to more than was checked.

Pure Python, no Django import at module level: the standards parser and any script may use it. The messages
are the catalogue's source strings (marked with ``gettext_noop``, translated to Indonesian in the catalogue);
``ZipRefused.message`` is the translated text once Django is set up, the source text otherwise.
"""

import io
import zipfile
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue; it is translated where it is shown."""
    return message


MB = 1024 * 1024
RATIO_FLOOR = 1 * MB  # a member smaller than this may compress as well as it likes

NOT_A_ZIP = gettext_noop("The file is damaged or is not an Office document (.xlsx or .docx).")
TOO_MANY_MEMBERS = gettext_noop(
    "The file holds %(count)s parts, more than the %(limit)s an Office document has; it was not read."
)
UNPACKS_TOO_LARGE = gettext_noop(
    "The file unpacks to %(size)s MB, more than the %(limit)s MB allowed; it was not read. "
    "Split it into several smaller files."
)
RATIO_TOO_HIGH = gettext_noop(
    "The file is compressed %(ratio)s times, far more than a real document; it looks crafted and was not read."
)


class ZipRefused(ValueError):
    """The archive is refused before it is parsed; ``reason`` is one of ``damaged``, ``members``, ``size``,
    ``ratio``, and ``message`` says why in the user's language."""

    def __init__(self, reason: str, template: str, **params):
        self.reason, self.template, self.params = reason, template, params
        super().__init__(template % params)

    @property
    def message(self) -> str:
        return _translate(self.template) % self.params

    def __str__(self) -> str:
        return self.message


def _translate(text: str) -> str:
    try:
        from django.conf import settings

        if settings.configured:
            from django.utils.translation import gettext

            return gettext(text)
    except ImportError:  # used without Django
        pass
    return text


@dataclass(frozen=True)
class ZipSummary:
    members: int
    total: int  # bytes it unpacks to
    names: tuple[str, ...]


def check_zip(source, *, max_total: int, max_ratio: float, max_members: int) -> ZipSummary:
    """Refuse ``source`` (bytes or a seekable binary file) with ZipRefused unless it is a zip archive of at
    most ``max_members`` members that unpacks to at most ``max_total`` bytes, none of its members (of at least
    a megabyte) compressed more than ``max_ratio`` times. Reads the central directory only; a file object is
    left at the position it had."""
    handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
    position = handle.tell()
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as error:
        raise ZipRefused("damaged", NOT_A_ZIP) from error
    finally:
        handle.seek(position)
    if len(members) > max_members:
        raise ZipRefused("members", TOO_MANY_MEMBERS, count=len(members), limit=max_members)
    total = sum(member.file_size for member in members)
    if total > max_total:
        raise ZipRefused("size", UNPACKS_TOO_LARGE, size=-(-total // MB), limit=max_total // MB)
    for member in members:
        if member.file_size < RATIO_FLOOR:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > max_ratio:
            raise ZipRefused("ratio", RATIO_TOO_HIGH, ratio=int(ratio))
    return ZipSummary(members=len(members), total=total, names=tuple(m.filename for m in members))
