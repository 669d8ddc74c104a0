"""SVG bar charts drawn on the server: well-formed XML, bars in proportion, every text escaped, an empty state."""

import xml.etree.ElementTree as ET

import pytest

from kompeten.reports import charts

NS = {"svg": charts.SVG_NS}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return root.findall("svg:g[@class='bars']/svg:rect", NS)


def test_it_draws_a_well_formed_accessible_svg():
    svg = charts.bar_chart(chart_id="apps", title="Applications", labels=["Jan", "Feb"], values=[3, 1])
    root = parse(svg)
    assert root.tag == f"{{{charts.SVG_NS}}}svg"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "apps-title apps-desc"
    assert root.find("svg:title", NS).text == "Applications"
    assert root.find("svg:title", NS).get("id") == "apps-title"
    assert root.find("svg:desc", NS).text == "Jan: 3; Feb: 1"
    assert [bar.find("svg:title", NS).text for bar in bars(root)] == ["Jan: 3", "Feb: 1"]
    assert [t.text for t in root.findall("svg:g[@class='labels']/svg:text", NS)] == ["Jan", "Feb"]
    assert root.find("svg:g[@class='legend']", NS) is None


def test_it_draws_bars_in_proportion_to_their_values_on_one_baseline():
    root = parse(charts.bar_chart(chart_id="c", title="t", labels=["a", "b", "c", "d"], values=[2, 4, 8, 0]))
    heights = [float(bar.get("height")) for bar in bars(root)]
    bottoms = {round(float(bar.get("y")) + float(bar.get("height")), 2) for bar in bars(root)}
    assert heights[1] == pytest.approx(2 * heights[0]) and heights[2] == pytest.approx(4 * heights[0])
    assert heights[3] == 0 and len(bottoms) == 1
    top, step = charts.nice_scale(8)
    plot_height = charts.HEIGHT - charts.MARGIN_BOTTOM - charts.MARGIN_TOP
    assert heights[2] == pytest.approx(8 / top * plot_height, abs=0.01)
    ticks = [t.text for t in root.findall("svg:g[@class='axis']/svg:text", NS)]
    assert ticks == ["0", "2", "4", "6", "8"] and step == 2


def test_a_grouped_chart_puts_each_series_side_by_side_with_a_legend():
    root = parse(
        charts.grouped_bar_chart(
            chart_id="d",
            title="Decisions",
            labels=["Mar", "Apr"],
            series=[charts.Series("K", [1, 2], "#1f7a3a"), charts.Series("BK", [1, 0], "#b3261e")],
        )
    )
    rects = bars(root)
    assert [r.get("fill") for r in rects] == ["#1f7a3a", "#b3261e", "#1f7a3a", "#b3261e"]
    assert float(rects[0].get("x")) + float(rects[0].get("width")) == pytest.approx(float(rects[1].get("x")))
    assert float(rects[2].get("height")) == pytest.approx(2 * float(rects[0].get("height")))
    assert root.find("svg:desc", NS).text == "Mar: K 1, BK 1; Apr: K 2, BK 0"
    assert [t.text for t in root.findall("svg:g[@class='legend']/svg:text", NS)] == ["K", "BK"]


def test_it_escapes_every_text_it_is_given():
    nasty = "<script>alert('x')</script> & \"quoted\""
    svg = charts.grouped_bar_chart(
        chart_id='id" onload="alert(1)',
        title=nasty,
        labels=["<b>Jan</b>", "A&B"],
        series=[charts.Series("<i>K</i>", [1, 2], '"/><script>'), charts.Series("BK\x00", [0, 1])],
        empty_text=nasty,
    )
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg and "onload=" not in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text == nasty
    assert root.get("aria-labelledby") == "id--onload--alert-1--title id--onload--alert-1--desc"
    assert [t.text for t in root.findall("svg:g[@class='legend']/svg:text", NS)] == ["<i>K</i>", "BK"]
    assert bars(root)[0].get("fill") == '"/><script>'


def test_it_says_so_when_there_is_nothing_to_draw():
    for labels, values in (([], []), (["Jan", "Feb"], [0, 0])):
        root = parse(
            charts.bar_chart(chart_id="e", title="Empty", labels=labels, values=values, empty_text="No data.")
        )
        assert bars(root) == []
        assert root.find("svg:text[@class='empty']", NS).text == "No data."
        assert root.find("svg:desc", NS).text == "No data." and root.find("svg:title", NS).text == "Empty"


def test_the_same_data_gives_the_same_bytes():
    def draw():
        return charts.bar_chart(chart_id="s", title="t", labels=["a", "b", "c"], values=[1, 7, 3])

    assert draw() == draw()


def test_it_refuses_values_that_do_not_fit_the_labels_or_a_bar():
    with pytest.raises(ValueError):
        charts.bar_chart(chart_id="x", title="t", labels=["a", "b"], values=[1])
    with pytest.raises(ValueError):
        charts.bar_chart(chart_id="x", title="t", labels=["a"], values=[-1])
    with pytest.raises(ValueError):
        charts.bar_chart(chart_id="x", title="t", labels=["a"], values=[float("nan")])
    with pytest.raises(ValueError):
        charts.grouped_bar_chart(chart_id="x", title="t", labels=["a"], series=[])


@pytest.mark.parametrize(
    ("largest", "scale"),
    [(0, (1, 1)), (1, (1, 1)), (3, (3, 1)), (7, (8, 2)), (10, (10, 5)), (123, (150, 50)), (0.3, (0.3, 0.1))],
)
def test_the_axis_ends_on_a_round_step_above_the_largest_value(largest, scale):
    assert charts.nice_scale(largest) == pytest.approx(scale)


def test_long_labels_are_shortened_on_the_axis_but_whole_in_the_bar_titles():
    label = "Skema Sertifikasi Pemasaran Digital"
    root = parse(charts.bar_chart(chart_id="l", title="t", labels=[label], values=[1]))
    shown = root.find("svg:g[@class='labels']/svg:text", NS).text
    assert len(shown) == charts.LABEL_MAX_CHARS and shown.endswith("…")
    assert bars(root)[0].find("svg:title", NS).text == f"{label}: 1"
