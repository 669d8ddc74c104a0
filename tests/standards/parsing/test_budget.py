"""The parser's budget is the parsing thread's CPU time and memory, scaled to the pages; never the clock."""

import io
import itertools
import os
import time
import zipfile

import pytest

from kompeten.standards.parsing import (
    MemoryBudgetExceeded,
    TimeBudgetExceeded,
    UnsupportedDocument,
    archive,
    budget,
    parse,
)
from kompeten.standards.parsing.readers import sniff_format
from tests.standards.parsing import documents


def test_a_busy_machine_does_not_make_a_document_run_out_of_time(monkeypatch):
    """The wall clock jumps an hour at every look, as it seems to on a loaded machine: nothing changes."""
    clock = itertools.count(start=0, step=3600)
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(time, "time", lambda: float(next(clock)))
    document = parse(documents.skkni_pdf())
    assert [unit.code for unit in document.units] == ["C.10ABC00.001.1"]


def test_the_cpu_time_of_the_parsing_thread_is_what_runs_out(monkeypatch):
    cpu = itertools.count(start=0, step=1000)
    monkeypatch.setattr(budget.time, "thread_time", lambda: float(next(cpu)))
    with pytest.raises(TimeBudgetExceeded, match="terlalu lama diurai"):
        parse(documents.skkni_pdf())


def test_the_budget_grows_with_the_pages_of_the_document():
    spend = budget.Budget()
    spend.pages(89)
    assert spend.seconds == budget.BASE_SECONDS + 89 * budget.SECONDS_PER_PAGE
    assert spend.megabytes == budget.BASE_MEGABYTES + 89 * budget.MEGABYTES_PER_PAGE
    assert budget.Budget(seconds=3).seconds == 3


def test_a_parse_that_grows_the_memory_past_its_budget_is_refused(monkeypatch):
    resident = itertools.count(start=0, step=400 * 1024 * 1024)
    monkeypatch.setattr(budget, "_resident_bytes", lambda: next(resident))
    with pytest.raises(MemoryBudgetExceeded, match="terlalu banyak memori"):
        parse(documents.skkni_docx())


def _docx_with(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(documents.empty_docx())) as source,
        zipfile.ZipFile(buffer, "w", compression) as target,
    ):
        for item in source.infolist():
            if item.filename not in members:
                target.writestr(item, source.read(item))
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def test_a_docx_whose_xml_inflates_far_beyond_its_size_is_refused_before_it_is_read(monkeypatch):
    body = (
        b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>'
        + b"<w:p/>" * 2_000_000
        + b"</w:body></w:document>"
    )
    bomb = _docx_with({"word/document.xml": body})
    assert len(bomb) < 200 * 1024 < len(body) // 50
    built = []
    monkeypatch.setattr("docx.Document", lambda *args: built.append(args))  # never reached
    with pytest.raises(UnsupportedDocument, match="jauh lebih besar daripada ukuran berkasnya"):
        parse(bomb)
    assert built == []


def test_a_docx_with_too_much_content_in_all_is_refused(monkeypatch):
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 512 * 1024)
    crowded = _docx_with({"word/media/image1.bin": os.urandom(600 * 1024)}, compression=zipfile.ZIP_STORED)
    with pytest.raises(UnsupportedDocument, match="setelah diekstrak"):
        sniff_format(crowded)


def test_an_ordinary_docx_passes_the_archive_check():
    assert sniff_format(documents.skkni_docx()) == "docx"


def test_a_pdf_with_too_many_pages_is_refused_before_its_pages_are_read(monkeypatch):
    from kompeten.standards.parsing import readers

    monkeypatch.setattr(readers, "MAX_PAGES", 1)
    two_pages = documents.pdf_from_html("<p>satu</p><p style='page-break-before: always'>dua</p>")
    with pytest.raises(UnsupportedDocument, match=r"PDF ini terlalu panjang \(2 halaman; paling banyak 1\)"):
        parse(two_pages)
