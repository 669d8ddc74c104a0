"""Bar charts drawn on the server as SVG text: no JavaScript, no chart library, and the same input gives the
same bytes.

PURE Python (no Django import): callers pass every text already translated. Every text and attribute value
that goes into the SVG is escaped here, which is what allows a template to include the result as it is.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 640
HEIGHT = 280
MARGIN_LEFT = 48
MARGIN_RIGHT = 16
MARGIN_TOP = 44
MARGIN_BOTTOM = 32
LEGEND_HEIGHT = 24
BAR_SHARE = 0.7  # of each label's slot; the rest is the gap between groups
TARGET_TICKS = 4
LABEL_MAX_CHARS = 12
FONT = "system-ui, Segoe UI, DejaVu Sans, sans-serif"
INK = "#1d2433"
MUTED = "#5b6475"
LINE = "#d9dee7"
BRAND = "#0b5cab"

# Characters XML 1.0 does not allow at all, even escaped (controls other than tab and newlines, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Series:
    """One set of bars: a name for the legend, a value per label, a fill colour."""

    name: str
    values: Sequence[float]
    colour: str = BRAND


def _clean(value) -> str:
    return _NOT_XML.sub("", str(value))


def _text(value) -> str:
    """Character data: ``&``, ``<`` and ``>`` escaped."""
    return escape(_clean(value))


def _attr(value) -> str:
    """An attribute value to put between double quotes."""
    return escape(_clean(value), {'"': "&quot;", "'": "&#39;"})


def _num(value: float) -> str:
    """A coordinate or a value as short, stable text: ``12``, ``12.5``, ``0.3`` (not ``0.30000000000000004``)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1] + "…"


def nice_scale(largest: float) -> tuple[float, float]:
    """``(top, step)`` of a y axis that holds ``largest`` in about four round steps (1, 2 or 5 times 10ⁿ);
    whole steps when every value is whole."""
    if largest <= 0:
        return 1, 1
    raw = largest / TARGET_TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if float(largest).is_integer():
        step = max(1, round(step))
    return round(math.ceil(largest / step - 1e-9) * step, 9), step


def _check(labels: Sequence[str], series: Sequence[Series]) -> None:
    if not series:
        raise ValueError("a chart needs at least one series")
    for item in series:
        if len(item.values) != len(labels):
            raise ValueError(f"series {item.name!r} has {len(item.values)} values for {len(labels)} labels")
        for value in item.values:
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"bar values must be finite and not negative, not {value!r}")


def _open(chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" class="chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{_attr(FONT)}" font-size="12" '
        f'fill="{INK}">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
        f'<text x="{MARGIN_LEFT}" y="22" font-size="14" font-weight="700">{_text(title)}</text>',
    ]


def _empty(chart_id: str, title: str, empty_text: str) -> str:
    parts = _open(chart_id, title, empty_text)
    parts.append(
        f'<text class="empty" x="{_num(WIDTH / 2)}" y="{_num(HEIGHT / 2)}" text-anchor="middle" '
        f'fill="{MUTED}" font-style="italic">{_text(empty_text)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _describe(labels: Sequence[str], series: Sequence[Series]) -> str:
    """The chart's data as a sentence, for screen readers: ``Jan: 3; Feb: 0`` or ``Jan: K 3, BK 1; …``."""
    if len(series) == 1:
        return "; ".join(
            f"{label}: {_num(value)}" for label, value in zip(labels, series[0].values, strict=True)
        )
    return "; ".join(
        f"{label}: " + ", ".join(f"{item.name} {_num(item.values[index])}" for item in series)
        for index, label in enumerate(labels)
    )


def grouped_bar_chart(
    *, chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series], empty_text: str = "No data"
) -> str:
    """Bars side by side for each label (one per series), a y axis with round steps, a legend for several
    series. ``chart_id`` makes the ids inside the SVG unique on the page. No bar above zero draws
    ``empty_text`` instead of an empty frame."""
    chart_id = _NOT_ID.sub("-", chart_id) or "chart"
    labels = [str(label) for label in labels]
    _check(labels, series)
    largest = max((value for item in series for value in item.values), default=0)
    if not labels or largest <= 0:
        return _empty(chart_id, title, empty_text)

    legend = len(series) > 1
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM - (LEGEND_HEIGHT if legend else 0)
    plot_height = bottom - top
    axis_top, step = nice_scale(largest)
    parts = _open(chart_id, title, _describe(labels, series))

    parts.append(f'<g class="axis" stroke="{LINE}">')
    ticks = round(axis_top / step)
    for index in range(ticks + 1):
        value = index * step
        y = bottom - value / axis_top * plot_height
        parts.append(f'<line x1="{left}" y1="{_num(y)}" x2="{right}" y2="{_num(y)}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" stroke="none" fill="{MUTED}">'
            f"{_num(value)}</text>"
        )
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{MUTED}"/>')
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{MUTED}"/>')
    parts.append("</g>")

    slot = (right - left) / len(labels)
    group_width = slot * BAR_SHARE
    bar_width = group_width / len(series)
    parts.append('<g class="bars">')
    for index, label in enumerate(labels):
        group_x = left + index * slot + (slot - group_width) / 2
        for position, item in enumerate(series):
            value = item.values[index]
            height = value / axis_top * plot_height
            x = group_x + position * bar_width
            name = f"{label}: {_num(value)}" if not legend else f"{label}, {item.name}: {_num(value)}"
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(bottom - height)}" width="{_num(bar_width)}" '
                f'height="{_num(height)}" fill="{_attr(item.colour)}" data-value="{_num(value)}">'
                f"<title>{_text(name)}</title></rect>"
            )
            if value > 0:
                parts.append(
                    f'<text x="{_num(x + bar_width / 2)}" y="{_num(bottom - height - 3)}" text-anchor="middle" '
                    f'font-size="10">{_num(value)}</text>'
                )
    parts.append("</g>")

    parts.append('<g class="labels">')
    for index, label in enumerate(labels):
        x = left + index * slot + slot / 2
        parts.append(
            f'<text x="{_num(x)}" y="{_num(bottom + 16)}" text-anchor="middle">{_text(_short(label))}</text>'
        )
    parts.append("</g>")

    if legend:
        parts.append('<g class="legend">')
        x, y = float(left), HEIGHT - MARGIN_BOTTOM / 2
        for item in series:
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(y - 10)}" width="12" height="12" fill="{_attr(item.colour)}"/>'
            )
            parts.append(f'<text x="{_num(x + 18)}" y="{_num(y)}">{_text(item.name)}</text>')
            x += 18 + 7 * len(str(item.name)) + 24  # a rough text width: deterministic, no font metrics
        parts.append("</g>")

    parts.append("</svg>")
    return "\n".join(parts)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    colour: str = BRAND,
    empty_text: str = "No data",
) -> str:
    """One bar per label."""
    return grouped_bar_chart(
        chart_id=chart_id,
        title=title,
        labels=labels,
        series=[Series(name=title, values=values, colour=colour)],
        empty_text=empty_text,
    )
