"""Office files are ZIP archives: refuse one whose content would be far larger than the file before reading it.

A 300 KB DOCX can hold 100 MB of XML that python-docx would build into a tree of well over a gigabyte. The
sizes a ZIP declares for its members are what ``zipfile`` will inflate (it stops at the declared size and
reports a damaged member beyond it), so checking the declared sizes bounds what any reader of the archive
can be made to decompress.
"""

import zipfile

from kompeten.standards.parsing.errors import UnsupportedDocument

MAX_MEMBERS = 2000
MAX_TOTAL_BYTES = 40 * 1024 * 1024  # everything inflated
MAX_RATIO = 100  # inflated / compressed, for any member larger than RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1024 * 1024

BOMB_MESSAGE = (
    "Berkas {kind} ini memuat isi yang jauh lebih besar daripada ukuran berkasnya "
    "({size} MB setelah diekstrak); berkas seperti ini tidak dibaca."
)


def archive_check(archive: zipfile.ZipFile, *, kind: str = "Office") -> None:
    """Raise ``UnsupportedDocument`` for too many members, too much inflated content, or a suspicious ratio."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnsupportedDocument(f"Berkas {kind} ini memuat terlalu banyak bagian ({len(members)}).")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_TOTAL_BYTES or (member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO):
            size = max(total, member.file_size) // (1024 * 1024)
            raise UnsupportedDocument(BOMB_MESSAGE.format(kind=kind, size=size))
