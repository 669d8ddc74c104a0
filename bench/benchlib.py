"""What every bench script shares: ratios measured so that the machine's load falls on both sides alike, one
JSON line per result with whether its target held, and an exit code that says so.

A ratio's two sides are measured alternately, round after round (a, b, a, b, ...), and each side keeps its
best round: a load that comes and goes (``make test`` beside the bench) meets both sides in the same moods,
and the best round of each is the one least disturbed. A script calls ``report`` for each result and ends
with ``sys.exit(exit_code())``: 0 when every target held, 1 when one was missed (named on stderr).
"""

import json
import multiprocessing
import os
import sys
import time

ROUNDS = 7
_missed: list[str] = []


def best_of(function, rounds: int = ROUNDS) -> float:
    """The shortest of ``rounds`` timings of ``function()``, in seconds."""
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def paired(first, second, rounds: int = ROUNDS) -> tuple[float, float]:
    """The best timing of each of two functions, measured alternately in the same rounds."""
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for index, function in enumerate((first, second)):
            start = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - start)
    return best[0], best[1]


def report(bench: str, *, value: float, target: float, at_least: bool = False, key: str = "ratio", **fields):
    """Print one result as a JSON line with ``met``; a missed target makes ``exit_code`` non-zero.
    ``at_least``: the value must reach the target (a gain), else stay at or under it (a ratio of costs)."""
    met = value >= target if at_least else value <= target
    line = {"bench": bench, **fields, key: round(value, 3), "target": target, "met": met}
    print(json.dumps(line), flush=True)
    if not met:
        _missed.append(f"{bench}: {key} {value:.3f} {'<' if at_least else '>'} target {target}")
    return met


def exit_code() -> int:
    for missed in _missed:
        print(f"bench: target missed — {missed}", file=sys.stderr)
    return 1 if _missed else 0


def _spin(seconds_of_work: int) -> None:
    total = 0
    for number in range(seconds_of_work):
        total += number * number
    return None


def parallel_capacity(work: int = 6_000_000, rounds: int = 3) -> float:
    """How many cores the machine gives this run right now: a CPU-bound piece of work done once by one
    process against twice by two processes at the same time, alternately, best of ``rounds``. 2.0 on an
    idle two-core machine, nearer 1.0 when other work holds the cores. A throughput gain of several workers
    is compared with what the machine offers meanwhile, not with an idle machine's cores."""
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")

    def run(processes: int) -> None:
        started = [context.Process(target=_spin, args=(work,)) for _ in range(processes)]
        for process in started:
            process.start()
        for process in started:
            process.join()

    one, two = paired(lambda: run(1), lambda: run(2), rounds=rounds)
    return max(1.0, min(2.0, 2 * one / two))
