"""Inline SVG charts for the QA pages: no script, no CDN, readable by screen readers.

Every chart has one value axis on one scale: the caller draws one chart per scale and
says in its title which scale that is and which way is easier. No label is clipped:
the canvas is sized from its labels' widths (estimated generously from their
characters, so any sans-serif fits), a label too long for its column wraps onto more
lines, and every label's full text is also in a ``<title>``. Each chart comes with a
table of the same figures (:attr:`Chart.table`), for screen readers (the SVG is one
image, ``role="img"``, named by its title) and for reading exact values.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Colour-blind-safe pair (Okabe–Ito blue and vermillion), dark enough on white.
SERIES_COLOURS = ("#0b5f8a", "#b34700")
INK, AXIS, GRID, MARK = "#1d2428", "#4a555c", "#cfd8dd", "#a00000"
# Font sizes (px) of the title, of legends and axis names, and of ticks and labels.
TITLE_SIZE, TEXT_SIZE, SMALL_SIZE = 13, 12, 11
PAD = 8
MIN_WIDTH = 640

Number = Callable[[float], str]


@dataclass(frozen=True)
class Bar:
    """One bar group of a chart: its label, a value per series, and a note for the tooltip."""

    label: str
    values: tuple[float, ...]
    note: str = ""

    @property
    def full_label(self) -> str:
        """The label with its note, as the tooltip and the table give it."""
        return f"{self.label} ({self.note})" if self.note else self.label


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart and an HTML table of the same figures."""

    title: str
    svg: Markup
    table: Markup

    def __html__(self) -> str:
        return str(self.svg)


def plain_number(value: float) -> str:
    """``value`` to one decimal, without a trailing ``.0``: the default label of a figure."""
    return f"{round(value, 1):g}"


def _count(value: float) -> str:
    return str(round(value))


# Character classes by width, in ems of a wide sans-serif (DejaVu Sans), rounded up.
_NARROW = frozenset("fijlrtI.,:;!|'`()[]{}/\\ \u00a0\u00b7")
_WIDE = frozenset("mwMW@%&…—ÆŒæœ")


def _ems(char: str) -> float:
    """The advance of ``char`` in ems, generously."""
    if unicodedata.combining(char) or unicodedata.category(char) in {"Cc", "Cf"}:
        return 0.0
    if char in _NARROW:
        return 0.42
    if char in _WIDE or unicodedata.east_asian_width(char) in {"W", "F"}:
        return 1.05
    return 0.8 if char.isupper() else 0.66


def _scale(size: float, bold: bool) -> float:
    return size * (1.15 if bold else 1.0)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of ``text``'s width in pixels at ``size``: never an underestimate
    for the Latin-script sans-serifs browsers use, so text sized by it is never clipped."""
    return sum(_ems(char) for char in text) * _scale(size, bold)


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels: at spaces, else inside a long word."""

    def fits(line: str) -> bool:
        return text_width(line, size, bold=bold) <= width

    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _cut(word, width, _scale(size, bold))
        lines += pieces[:-1]
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines or [""]


def _cut(word: str, width: float, scale: float) -> list[str]:
    """``word`` in pieces no wider than ``width`` (one character at least each)."""
    pieces, start, used = [], 0, 0.0  # used: ems, summed as text_width sums them
    for i, char in enumerate(word):
        ems = _ems(char)
        if (used + ems) * scale > width and i > start:
            pieces.append(word[start:i])
            start, used = i, 0.0
        used += ems
    pieces.append(word[start:])
    return pieces


def _widest(lines: Sequence[str], size: float, *, bold: bool = False) -> float:
    return max((text_width(line, size, bold=bold) for line in lines), default=0.0)


def _text(
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    size: int = SMALL_SIZE,
    anchor: str = "start",
    fill: str = INK,
    bold: bool = False,
    extra: str = "",
) -> str:
    """A ``<text>`` of one or more lines, the first line's baseline at ``y``."""
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else _line(size)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}"{weight}{extra}>{spans}</text>'
    )


def _line(size: int) -> int:
    """The line height of text at ``size``."""
    return size + 4


def _ticks(low: float, high: float, *, integer: bool = False, most: int = 6) -> list[float]:
    """Round tick values from at most ``low`` to at least ``high``, about ``most`` of them."""
    if high <= low:
        high = low + 1
    raw = (high - low) / (most - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw - 1e-12)
    if integer:
        step = max(1.0, float(math.ceil(step)))
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    return [start + i * step for i in range(round((end - start) / step) + 1)]


def _open(width: float, height: float, title: str) -> list[str]:
    return [
        f'<svg class="chart" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]


def _legend(series: Sequence[str], width: float) -> tuple[list[tuple[float, int, list[str]]], int]:
    """Where each legend entry goes, flowing into rows within ``width``.

    Returns each entry as (x, lines above its row, its lines) and the legend's height.
    """
    room = width - 2 * PAD - 16
    entries: list[tuple[float, int, list[str]]] = []
    x, row, y_rows = float(PAD), 0, [0]
    for name in series:
        lines = wrap(name, room, TEXT_SIZE)
        need = 16 + _widest(lines, TEXT_SIZE) + 20
        if x > PAD and x + need > width - PAD:
            x, row = float(PAD), row + 1
            y_rows.append(0)
        entries.append((x, row, lines))
        y_rows[row] = max(y_rows[row], len(lines))
        x += need
    offsets = [sum(y_rows[:i]) for i in range(len(y_rows))]
    placed = [(x, offsets[row], lines) for x, row, lines in entries]
    return placed, sum(y_rows) * _line(TEXT_SIZE) + 4


def _draw_legend(parts: list[str], series: Sequence[str], width: float, top: float) -> float:
    """Draw the legend from ``top``; return the y below it."""
    placed, height = _legend(series, width)
    for j, (x, line_offset, lines) in enumerate(placed):
        y = top + line_offset * _line(TEXT_SIZE)
        colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colour}"/>'
            + _text(x + 16, y + 10, lines, size=TEXT_SIZE)
        )
    return top + height


def data_table(
    groups: Sequence[Bar],
    series: Sequence[str],
    *,
    caption: str,
    label_header: str,
    number: Number = plain_number,
) -> Markup:
    """The figures of a chart as a table: a row per bar group, a column per series."""
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in series)
    body = "".join(
        f'<tr><th scope="row">{escape(group.full_label)}</th>'
        + "".join(f'<td class="num">{escape(number(v))}</td>' for v in group.values)
        + "</tr>"
        for group in groups
    )
    return Markup(
        f'<table class="chart-data"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(label_header)}</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def histogram(
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    bin_width: float = 2.0,
    threshold: float | None = None,
    threshold_label: str = "",
    y_label: str = "variants",
    label_header: str = "",
    number: Number = plain_number,
) -> Chart:
    """How many values of each series fall in bins of ``bin_width`` points of one scale."""
    values = [v for vs in series.values() for v in vs]
    top = max([*values, threshold or 0.0, bin_width])
    bins = max(1, math.ceil((top + 1e-9) / bin_width))
    counts = {
        name: [
            sum(1 for v in vs if b * bin_width <= max(v, 0.0) < (b + 1) * bin_width)
            for b in range(bins)
        ]
        for name, vs in series.items()
    }
    groups = [
        Bar(
            f"{number(b * bin_width)}–{number((b + 1) * bin_width)}",
            tuple(float(counts[name][b]) for name in series),
        )
        for b in range(bins)
    ]
    marker = None
    if threshold is not None:
        marker = (threshold / (bins * bin_width), threshold_label)
    svg = bar_chart(
        groups, list(series), title=title, y_label=y_label, marker=marker, number=_count
    )
    table = data_table(
        groups, list(series), caption=title, label_header=label_header, number=_count
    )
    return Chart(title, svg, table)


def bar_chart(
    groups: Sequence[Bar],
    series: Sequence[str],
    *,
    title: str,
    y_label: str,
    marker: tuple[float, str] | None = None,
    number: Number = plain_number,
) -> Markup:
    """Grouped vertical bars and a legend; ``marker`` draws a line at a share of the x axis.

    Meant for short labels (bins of a scale): a label too wide for its slot is slanted,
    the canvas grows to hold it, and a label longer than 200 pixels is shortened with
    its full text in a ``<title>``.
    """
    plot_w = max(560.0, 24.0 * len(groups))
    slot = plot_w / max(len(groups), 1)
    labels = [_shortened(g.label, 200.0) for g in groups]
    label_w = _widest(labels, SMALL_SIZE)
    # A label wider than its slot is slanted by 45 degrees, its end under its bars: it
    # reaches this far left of its slot's middle, and as far down.
    slanted = label_w > slot - 4
    reach = label_w * math.sqrt(0.5) if slanted else 0.0

    values = [v for g in groups for v in g.values]
    ticks = _ticks(min([*values, 0.0]), max([*values, 1.0]), integer=True)
    floor, peak = ticks[0], ticks[-1]
    tick_w = _widest([number(t) for t in ticks], SMALL_SIZE)
    left = max(PAD + tick_w + 8, PAD + reach - slot / 2 + 4)
    width = max(float(MIN_WIDTH), left + plot_w + PAD)
    if marker is not None:
        width = max(width, text_width(marker[1], SMALL_SIZE) + 2 * PAD + 8)
    plot_w = width - left - PAD
    slot = plot_w / max(len(groups), 1)

    title_lines = wrap(title, width - 2 * PAD, TITLE_SIZE, bold=True)
    y_label_lines = wrap(y_label, width - 2 * PAD, TEXT_SIZE)
    title_y = PAD + TITLE_SIZE
    y = PAD + len(title_lines) * _line(TITLE_SIZE) + 6
    y_label_y = y + TEXT_SIZE
    y += len(y_label_lines) * _line(TEXT_SIZE)
    marker_y = y + SMALL_SIZE
    if marker is not None:
        y += _line(SMALL_SIZE) + 2
    plot_top = y + 8
    plot_h = 160.0
    plot_bottom = plot_top + plot_h
    span = peak - floor

    def y_of(value: float) -> float:
        return plot_top + (peak - value) / span * plot_h

    label_y = plot_bottom + 14
    legend_top = label_y + reach + 10
    _placed, legend_h = _legend(series, width)
    height = legend_top + legend_h + PAD

    zero = y_of(0.0)
    parts = _open(width, height, title)
    parts.append(_text(PAD, title_y, title_lines, size=TITLE_SIZE, bold=True))
    parts.append(_text(PAD, y_label_y, y_label_lines, size=TEXT_SIZE))
    for tick in ticks:
        parts.append(
            f'<line x1="{left:.1f}" y1="{y_of(tick):.1f}" x2="{left + plot_w:.1f}" '
            f'y2="{y_of(tick):.1f}" stroke="{GRID}"/>'
            + _text(left - 6, y_of(tick) + 4, [number(tick)], anchor="end")
        )
    parts.append(
        f'<line x1="{left:.1f}" y1="{zero:.1f}" x2="{left + plot_w:.1f}" y2="{zero:.1f}" '
        f'stroke="{AXIS}"/>'
    )
    bar_w = max(2.0, (slot - 6) / max(len(series), 1))
    for i, (group, label) in enumerate(zip(groups, labels, strict=True)):
        x0 = left + i * slot + 3
        for j, value in enumerate(group.values):
            top_y, h = min(zero, y_of(value)), abs(y_of(value) - zero)
            colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
            parts.append(
                f'<rect x="{x0 + j * bar_w:.1f}" y="{top_y:.1f}" '
                f'width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(series[j])}, {escape(group.full_label)}: "
                f"{escape(number(value))}</title></rect>"
            )
        x_mid = left + i * slot + slot / 2
        slant = f' transform="rotate(-45 {x_mid:.1f} {label_y:.1f})"' if slanted else ""
        parts.append(
            f"<g><title>{escape(group.full_label)}</title>"
            + _text(x_mid, label_y, [label], anchor="end" if slanted else "middle", extra=slant)
            + "</g>"
        )
    if marker is not None:
        share, text = marker
        x = left + share * plot_w
        text_w = text_width(text, SMALL_SIZE)
        right_room = width - PAD - (x + 4)
        anchor, text_x = ("start", x + 4) if text_w <= right_room else ("end", x - 4)
        if anchor == "end" and text_x - text_w < PAD:
            anchor, text_x = "start", PAD
        parts.append(
            f'<line x1="{x:.1f}" y1="{marker_y - SMALL_SIZE:.1f}" x2="{x:.1f}" '
            f'y2="{plot_bottom:.1f}" stroke="{MARK}" stroke-dasharray="4 3"/>'
            + _text(text_x, marker_y, [text], anchor=anchor, fill=MARK)
        )
    _draw_legend(parts, series, width, legend_top)
    parts.append("</svg>")
    return Markup("".join(parts))


def _shortened(label: str, width: float) -> str:
    """``label`` cut with an ellipsis to fit ``width`` pixels; whole if it fits."""
    if text_width(label, SMALL_SIZE) <= width:
        return label
    room = width - text_width("…", SMALL_SIZE)
    return _cut(label, room, _scale(SMALL_SIZE, False))[0].rstrip() + "…"


def horizontal_bar_chart(
    groups: Sequence[Bar],
    series: Sequence[str],
    *,
    title: str,
    x_label: str,
    label_header: str = "",
    number: Number = plain_number,
    label_column: float = 260.0,
) -> Chart:
    """A row per group, its label whole on the left (wrapped within ``label_column`` px).

    For long labels such as article and section titles: the column is as wide as the
    longest label up to ``label_column``, longer labels take more lines, none is cut.
    """
    labels = [wrap(g.label, label_column, TEXT_SIZE) for g in groups]
    label_w = max((_widest(lines, TEXT_SIZE) for lines in labels), default=0.0)
    values = [v for g in groups for v in g.values]
    ticks = _ticks(min([*values, 0.0]), max([*values, 0.0]))
    low, high = ticks[0], ticks[-1]
    value_w = _widest([number(v) for v in values], SMALL_SIZE) + 6
    tick_w = _widest([number(t) for t in ticks], SMALL_SIZE)
    # Values print past a bar's end: room for them on the side where bars end.
    left_room = value_w if any(v < 0 for v in values) else 0.0
    plot_left = PAD + label_w + 12 + max(left_room, tick_w / 2)
    plot_w = 320.0
    width = max(float(MIN_WIDTH), plot_left + plot_w + max(value_w, tick_w / 2) + PAD)
    plot_w = width - plot_left - max(value_w, tick_w / 2) - PAD

    def x_of(value: float) -> float:
        return plot_left + (value - low) / (high - low) * plot_w

    title_lines = wrap(title, width - 2 * PAD, TITLE_SIZE, bold=True)
    title_y = PAD + TITLE_SIZE
    plot_top = PAD + len(title_lines) * _line(TITLE_SIZE) + 12
    bar_h = 14.0
    rows = []
    y = float(plot_top)
    for lines in labels:
        row_h = max(len(series) * bar_h + 10, len(lines) * _line(TEXT_SIZE) + 8)
        rows.append((y, row_h))
        y += row_h
    plot_bottom = y
    x_label_lines = wrap(x_label, width - 2 * PAD, TEXT_SIZE)
    axis_y = plot_bottom + 4 + SMALL_SIZE
    x_label_y = axis_y + 6 + TEXT_SIZE
    legend_top = x_label_y + (len(x_label_lines) - 1) * _line(TEXT_SIZE) + 12
    _placed, legend_h = _legend(series, width)
    height = legend_top + legend_h + PAD

    parts = _open(width, height, title)
    parts.append(_text(PAD, title_y, title_lines, size=TITLE_SIZE, bold=True))
    for tick in ticks:
        x = x_of(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot_top:.1f}" x2="{x:.1f}" y2="{plot_bottom:.1f}" '
            f'stroke="{GRID}"/>' + _text(x, axis_y, [number(tick)], anchor="middle")
        )
    zero = x_of(0.0)
    parts.append(
        f'<line x1="{zero:.1f}" y1="{plot_top:.1f}" x2="{zero:.1f}" y2="{plot_bottom:.1f}" '
        f'stroke="{AXIS}"/>'
    )
    parts.append(
        _text(plot_left + plot_w / 2, x_label_y, x_label_lines, size=TEXT_SIZE, anchor="middle")
    )
    for group, lines, (row_y, row_h) in zip(groups, labels, rows, strict=True):
        text_top = row_y + (row_h - len(lines) * _line(TEXT_SIZE)) / 2 + TEXT_SIZE
        parts.append(
            f'<g class="bar-label"><title>{escape(group.full_label)}</title>'
            + _text(PAD, text_top, lines, size=TEXT_SIZE)
            + "</g>"
        )
        bars_top = row_y + (row_h - len(series) * bar_h) / 2
        for j, value in enumerate(group.values):
            x0, x1 = sorted((zero, x_of(value)))
            colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
            bar_y = bars_top + j * bar_h
            shown = number(value)
            parts.append(
                f'<rect x="{x0:.1f}" y="{bar_y + 1:.1f}" width="{max(x1 - x0, 1.0):.1f}" '
                f'height="{bar_h - 2:.1f}" fill="{colour}">'
                f"<title>{escape(series[j])}, {escape(group.full_label)}: {escape(shown)}"
                "</title></rect>"
                + _text(
                    x1 + 3 if value >= 0 else x0 - 3,
                    bar_y + bar_h - 3,
                    [shown],
                    anchor="start" if value >= 0 else "end",
                )
            )
    _draw_legend(parts, series, width, legend_top)
    parts.append("</svg>")
    table = data_table(groups, series, caption=title, label_header=label_header, number=number)
    return Chart(title, Markup("".join(parts)), table)
