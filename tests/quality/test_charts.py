"""The QA charts: one scale per axis is the caller's rule; here, nothing drawn is clipped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from service.quality import charts
from service.quality.charts import Bar, text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"
LONG_TITLE = (
    "What causes milia, the tiny white bumps on the skin of newborns and adults, "
    "and when should someone see a doctor about them?"
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def view_width(root: ET.Element) -> float:
    return float(root.attrib["viewBox"].split()[2])


def lines_of(text: ET.Element) -> list[str]:
    return [span.text or "" for span in text.iter(f"{SVG}tspan")]


def outside(root: ET.Element) -> list[str]:
    """The lines of unrotated text that would reach past the canvas, by their estimated width."""
    width = view_width(root)
    found = []
    for text in root.iter(f"{SVG}text"):
        if "transform" in text.attrib:
            continue
        x, anchor = float(text.attrib["x"]), text.attrib["text-anchor"]
        size, bold = float(text.attrib["font-size"]), "font-weight" in text.attrib
        for line in lines_of(text):
            w = text_width(line, size, bold=bold)
            left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
            if left < 0 or left + w > width:
                found.append(line)
    return found


def test_an_estimated_width_is_never_below_a_wide_fonts_advance() -> None:
    # DejaVu Sans, among the widest sans-serifs browsers fall back to: advances in ems.
    dejavu = {"a": 0.613, "e": 0.615, "n": 0.634, "o": 0.602, "M": 0.863, "W": 0.989, "0": 0.636}
    for char, ems in dejavu.items():
        assert text_width(char * 10, 10) >= ems * 100
    assert text_width("Wiener Sachtextformel", 12, bold=True) > text_width(
        "Wiener Sachtextformel", 12
    )
    assert text_width("e\u0301", 10) == text_width("e", 10)  # a combining accent adds nothing


def test_wrap_keeps_every_word_and_cuts_only_words_longer_than_a_line() -> None:
    lines = wrap(LONG_TITLE, 200, 12)
    assert len(lines) > 1 and " ".join(lines) == LONG_TITLE
    assert all(text_width(line, 12) <= 200 for line in lines)
    word = "Pharmakokinetik" * 8
    cut = wrap(word, 150, 12)
    assert "".join(cut) == word and all(text_width(line, 12) <= 150 for line in cut)
    assert wrap("", 100, 12) == [""]


def gap_chart(*labels: str, values: tuple[float, ...] = (4.5, -2.5)) -> charts.Chart:
    bars = [
        Bar(label, (value,), note=f"en/a/{i}")
        for i, (label, value) in enumerate(zip(labels, values, strict=True))
    ]
    return charts.horizontal_bar_chart(
        bars,
        ["How much harder the clinician text reads"],
        title="Per section, the gap between its two variants: US school grade (lower is easier)",
        x_label="points",
        label_header="Section",
    )


def test_a_long_label_is_whole_in_the_svg_and_inside_its_viewbox() -> None:
    chart = gap_chart(f"{LONG_TITLE} · Why milia form", "Short · Treatment")
    root = parse(str(chart.svg))
    assert root.attrib["role"] == "img" and root.attrib["aria-label"] == chart.title
    width = view_width(root)
    groups = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None]
    label = groups[0]
    assert label.findtext(f"{SVG}title") == f"{LONG_TITLE} · Why milia form (en/a/0)"
    text = label.find(f"{SVG}text")
    assert text is not None
    shown = lines_of(text)
    assert " ".join(shown) == f"{LONG_TITLE} · Why milia form"
    x = float(text.attrib["x"])
    assert all(x + text_width(line, 12) <= width for line in shown)
    # The plot starts right of the widest label line: bars never cover a label.
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert min(float(r.attrib["x"]) for r in bars) > x + max(text_width(s, 12) for s in shown)


def test_every_text_of_a_chart_fits_its_canvas() -> None:
    chart = gap_chart(LONG_TITLE, "x" * 300, values=(-30.0, 120.5))
    root = parse(str(chart.svg))
    assert outside(root) == []
    height = float(root.attrib["viewBox"].split()[3])
    assert all(0 < float(t.attrib["y"]) <= height for t in root.iter(f"{SVG}text"))


def test_negative_gaps_draw_left_of_zero_with_their_value() -> None:
    root = parse(str(gap_chart("A · a", "B · b").svg))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    (positive, negative) = bars
    assert float(negative.attrib["x"]) < float(positive.attrib["x"])
    assert negative.findtext(f"{SVG}title", "").endswith(": -2.5")
    values = [t for t in root.iter(f"{SVG}text") if lines_of(t) == ["-2.5"]]
    assert len(values) == 1 and values[0].attrib["text-anchor"] == "end"


def test_the_table_holds_the_charts_figures() -> None:
    chart = gap_chart(LONG_TITLE, "<b>B</b> & co")
    table = str(chart.table)
    assert f"<caption>{chart.title}</caption>" in table
    assert '<th scope="col">Section</th>' in table
    assert f'<th scope="row">{LONG_TITLE} (en/a/0)</th><td class="num">4.5</td>' in table
    assert "&lt;b&gt;B&lt;/b&gt; &amp; co" in table and "<b>" not in table
    assert "<b>" not in str(chart.svg) and "&lt;b&gt;B&lt;/b&gt; &amp; co" in str(chart.svg)


@pytest.mark.parametrize("threshold", [8.0, 22.0, 55.0])
def test_a_histogram_keeps_its_marker_label_and_bins_inside(threshold: float) -> None:
    chart = charts.histogram(
        {"Patients and caregivers": [4.1, 6.5, 7.9], "Clinicians": [14.0, 16.2, 21.9]},
        title="Distribution per audience: US school grade (lower is easier)",
        threshold=threshold,
        threshold_label="a rather long name for the layperson fail level, as translated",
        y_label="variants",
        label_header="Score",
    )
    root = parse(str(chart.svg))
    assert outside(root) == []
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', str(chart.table))]
    assert sum(counts) == 6


def test_slanted_bin_labels_get_room_on_the_left_and_below() -> None:
    groups = [Bar(f"band {n}–{n + 1} of a long scale", (float(n),)) for n in range(30)]
    svg = str(charts.bar_chart(groups, ["Variants"], title="Many bands", y_label="variants"))
    root = parse(svg)
    slanted = [t for t in root.iter(f"{SVG}text") if "transform" in t.attrib]
    assert len(slanted) == 30
    first = slanted[0]
    reach = text_width(lines_of(first)[0], 11) * 0.7072
    assert float(first.attrib["x"]) - reach >= 0
    height = float(root.attrib["viewBox"].split()[3])
    assert float(first.attrib["y"]) + reach <= height


def test_a_bar_label_too_long_to_slant_is_shortened_with_its_full_text_in_a_title() -> None:
    label = "A bin label that nobody should write, " * 6
    svg = str(charts.bar_chart([Bar(label, (1.0,))], ["Variants"], title="t", y_label="n"))
    root = parse(svg)
    groups = [g for g in root.iter(f"{SVG}g") if g.findtext(f"{SVG}title") == label]
    assert len(groups) == 1
    text = groups[0].find(f"{SVG}text")
    assert text is not None
    (shown,) = lines_of(text)
    assert shown.endswith("…") and label.startswith(shown[:-1])
    assert text_width(shown, 11) <= 200
