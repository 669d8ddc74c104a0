"""What one parse may spend: CPU time of the parsing thread and memory, both scaled to the document's size.

Wall-clock time is not a budget: on a busy machine a legitimate decree would be refused for the machine's
load. ``time.thread_time()`` counts only the CPU this thread used, so other processes and threads (the web
server, a test run beside it) change nothing. Memory is the growth of the process's resident set since the
parse began (read from ``/proc/self/statm`` where it exists; PDFium allocates outside Python's allocator, so
tracemalloc would not see it).
"""

import os
import time

from kompeten.standards.parsing.errors import MemoryBudgetExceeded, TimeBudgetExceeded

BASE_SECONDS = 20.0  # CPU seconds any document may use, whatever its size
SECONDS_PER_PAGE = 0.5  # and per PDF page (an 89-page decree uses well under 2 s)
BASE_MEGABYTES = 300
MEGABYTES_PER_PAGE = 2
_MEMORY_EVERY = 16  # checks between two reads of the resident set

TIME_MESSAGE = "Dokumen ini terlalu lama diurai (melebihi batas waktu); periksa berkasnya."
MEMORY_MESSAGE = "Dokumen ini memerlukan terlalu banyak memori untuk diurai; periksa berkasnya."


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class Budget:
    """``check()`` raises once the CPU time or memory spent since the start exceeds the limit.

    ``seconds`` fixes the CPU budget (tests, callers that know better); otherwise it is ``BASE_SECONDS``
    and grows by ``SECONDS_PER_PAGE`` for every page announced with ``pages()``.
    """

    def __init__(self, seconds: float | None = None, megabytes: float | None = None):
        self.fixed_seconds = seconds
        self.fixed_megabytes = megabytes
        self.started = time.thread_time()
        self.resident_start = _resident_bytes()
        self.page_count = 0
        self.calls = 0

    def pages(self, count: int) -> None:
        self.page_count = max(self.page_count, count)

    @property
    def seconds(self) -> float:
        if self.fixed_seconds is not None:
            return self.fixed_seconds
        return BASE_SECONDS + SECONDS_PER_PAGE * self.page_count

    @property
    def megabytes(self) -> float:
        if self.fixed_megabytes is not None:
            return self.fixed_megabytes
        return BASE_MEGABYTES + MEGABYTES_PER_PAGE * self.page_count

    def spent_seconds(self) -> float:
        return time.thread_time() - self.started

    def check(self) -> None:
        if self.spent_seconds() > self.seconds:
            raise TimeBudgetExceeded(TIME_MESSAGE)
        self.calls += 1
        if self.calls % _MEMORY_EVERY == 1 and self.resident_start is not None:
            resident = _resident_bytes()
            if resident is not None and resident - self.resident_start > self.megabytes * 1024 * 1024:
                raise MemoryBudgetExceeded(MEMORY_MESSAGE)
