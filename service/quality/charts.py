"""Inline SVG charts for the QA pages: no script, no CDN, readable by screen readers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Colour-blind-safe pair (Okabe–Ito blue and vermillion), dark enough on white.
SERIES_COLOURS = ("#0b5f8a", "#b34700")


@dataclass(frozen=True)
class Bar:
    """One bar of a grouped bar chart."""

    label: str
    values: tuple[float, ...]


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def histogram(
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    bin_width: float = 2.0,
    threshold: float | None = None,
    threshold_label: str = "",
    y_label: str = "variants",
) -> Markup:
    """Grade distribution per series: counts of values in bins of ``bin_width`` grades."""
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
            f"{_fmt(b * bin_width)}–{_fmt((b + 1) * bin_width)}",
            tuple(float(counts[name][b]) for name in series),
        )
        for b in range(bins)
    ]
    marker = None
    if threshold is not None:
        marker = (threshold / (bins * bin_width), threshold_label)
    return bar_chart(groups, list(series), title=title, y_label=y_label, marker=marker)


def bar_chart(
    groups: Sequence[Bar],
    series: Sequence[str],
    *,
    title: str,
    y_label: str,
    marker: tuple[float, str] | None = None,
) -> Markup:
    """Grouped vertical bars and a legend; ``marker`` draws a line at a share of the x axis."""
    width, left, top = 640, 44, 44
    plot_w = width - left - 12
    slot = plot_w / max(len(groups), 1)
    # Roughly 6 pixels a character at this size: slant labels that would not fit.
    slanted = any(len(g.label) * 6 > slot for g in groups)
    bottom = 130 if slanted else 56
    height = 176 + bottom
    plot_h = height - bottom - top
    values = [v for g in groups for v in g.values]
    peak = float(math.ceil(max([*values, 1.0])))
    floor = float(math.floor(min([*values, 0.0])))
    span = peak - floor

    def y_of(value: float) -> float:
        return top + (peak - value) / span * plot_h

    bar_w = max(2.0, (slot - 6) / max(len(series), 1))
    zero = y_of(0.0)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{zero:.1f}" x2="{left + plot_w}" y2="{zero:.1f}" '
        'stroke="#4a555c"/>',
        '<text x="4" y="16" font-size="13" font-weight="bold" fill="#1d2428">'
        f"{escape(title)}</text>",
        f'<text x="4" y="{top - 10}" font-size="12" fill="#1d2428">{escape(y_label)}</text>',
    ]
    step = max(1, int(span) // 4)
    for tick in range(int(floor), int(peak) + 1, step):
        parts.append(
            f'<text x="{left - 6}" y="{y_of(tick) + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#1d2428">{tick}</text>'
        )
    for i, group in enumerate(groups):
        x0 = left + i * slot + 3
        for j, value in enumerate(group.values):
            y, h = min(zero, y_of(value)), abs(y_of(value) - zero)
            colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
            parts.append(
                f'<rect x="{x0 + j * bar_w:.1f}" y="{y:.1f}" '
                f'width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(series[j])}, {escape(group.label)}: {value:g}</title></rect>"
            )
        # Long labels would overlap: slant them; the full label is in each bar's <title>.
        label = group.label if len(group.label) <= 28 else group.label[:27] + "…"
        x_mid = x0 + slot / 2 - 3
        slant = f' transform="rotate(-30 {x_mid:.1f} {top + plot_h + 14})"' if slanted else ""
        anchor = "end" if slanted else "middle"
        parts.append(
            f'<text class="x-label" x="{x_mid:.1f}" y="{top + plot_h + 14}" font-size="11" '
            f'text-anchor="{anchor}" fill="#1d2428"{slant}>{escape(label)}</text>'
        )
    if marker is not None:
        share, label = marker
        x = left + share * plot_w
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" '
            'stroke="#a00000" stroke-dasharray="4 3"/>'
            f'<text x="{x + 4:.1f}" y="{top + 12}" font-size="11" fill="#a00000">'
            f"{escape(label)}</text>"
        )
    for j, name in enumerate(series):
        x = left + j * 200
        colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
        parts.append(
            f'<rect x="{x}" y="{height - 18}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{height - 8}" font-size="12" fill="#1d2428">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
