"""The SVG charts: parsed with ElementTree, checked against the geometry and WCAG contrast."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from familieplan.mapping import charts
from familieplan.mapping.charts import Series, line_chart, radar_chart

SVG = "{http://www.w3.org/2000/svg}"
AXES = ("Bolig", "Økonomi", "Arbeid", "Helse")
X_LABELS = ("03.2025", "06.2025", "09.2025", "12.2025")


def radar(**changes) -> str:
    args = {
        "title": "Fremdrift",
        "description": "Skår per område ved oppstart.",
        "axes": AXES,
        "series": (Series("Oppstart", (5.0, 10.0, None, 2.5)),),
        "minimum": 0,
        "maximum": 10,
        "ticks": (5, 10),
    }
    return radar_chart(**(args | changes))


def line(**changes) -> str:
    args = {
        "title": "Bolig over tid",
        "description": "Skår for bolig ved hver måling.",
        "x_labels": X_LABELS,
        "series": (Series("Bolig", (2.0, 4.0, 6.0, 8.0)),),
        "minimum": 0,
        "maximum": 10,
        "y_label": "Skår",
        "ticks": (0, 5, 10),
    }
    return line_chart(**(args | changes))


def series_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]


def legend(root: ET.Element) -> ET.Element:
    return next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")


def markers(group: ET.Element) -> list[ET.Element]:
    return [e for e in group if "marker" in e.get("class", "").split()]


def marker_titles(group: ET.Element) -> list[str]:
    return [m.find(f"{SVG}title").text for m in markers(group)]


def parse_points(value: str) -> list[tuple[float, float]]:
    return [tuple(float(n) for n in pair.split(",")) for pair in value.split()]


def radar_point(i: int, n: int, value: float, maximum: float = 10) -> tuple[float, float]:
    """First axis straight up, clockwise (SVG y grows downwards)."""
    radius = charts._RADAR_RADIUS * value / maximum
    angle = 2 * math.pi * i / n
    return charts._RADAR_CX + radius * math.sin(angle), charts._RADAR_CY - radius * math.cos(angle)


def line_point(i: int, n: int, value: float, maximum: float = 10) -> tuple[float, float]:
    step = (charts._LINE_WIDTH - charts._LINE_RIGHT - charts._LINE_LEFT) / n
    height = charts._LINE_BOTTOM - charts._LINE_TOP
    return charts._LINE_LEFT + step * (i + 0.5), charts._LINE_BOTTOM - height * value / maximum


def assert_points(actual, expected):
    assert len(actual) == len(expected)
    for (ax, ay), (ex, ey) in zip(actual, expected, strict=True):
        assert ax == pytest.approx(ex, abs=0.051)
        assert ay == pytest.approx(ey, abs=0.051)


def all_text(element: ET.Element) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize("make", [radar, line])
def test_well_formed_with_title_and_desc_referenced(make):
    svg = make()
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert svg.startswith("<svg ") and "<?xml" not in svg
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    # the natural size as attributes, no style attribute (the Content-Security-Policy)
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root.get("style") is None
    assert root.get("font-family") == "system-ui, sans-serif"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").text
    for text in root.iter(f"{SVG}text"):
        assert float(text.get("font-size")) >= 12


def test_radar_polygon_vertices_first_axis_up_clockwise():
    values = (10.0, 8.0, 6.0, 4.0, 2.0)
    root = ET.fromstring(
        radar(axes=("A", "B", "C", "D", "E"), series=(Series("S", values),), ticks=())
    )
    (group,) = series_groups(root)
    (polygon,) = group.findall(f"{SVG}polygon")
    expected = [radar_point(i, 5, v) for i, v in enumerate(values)]
    assert_points(parse_points(polygon.get("points")), expected)
    assert expected[0] == (charts._RADAR_CX, charts._RADAR_CY - charts._RADAR_RADIUS)
    assert expected[1][0] > charts._RADAR_CX  # clockwise: the second axis is to the right
    marker_centres = [(float(m.get("cx")), float(m.get("cy"))) for m in markers(group)]
    assert_points(marker_centres, expected)


def test_radar_missing_value_leaves_no_vertex_and_no_marker():
    root = ET.fromstring(radar())
    (group,) = series_groups(root)
    (polygon,) = group.findall(f"{SVG}polygon")
    # Bolig 5 (up), Økonomi 10 (right), Arbeid missing (down), Helse 2.5 (left).
    expected = [radar_point(0, 4, 5), radar_point(1, 4, 10), radar_point(3, 4, 2.5)]
    assert_points(parse_points(polygon.get("points")), expected)
    assert (charts._RADAR_CX, charts._RADAR_CY) not in parse_points(polygon.get("points"))
    titles = marker_titles(group)
    assert len(titles) == 3
    assert not any("Arbeid" in t for t in titles)


def test_radar_one_polygon_per_series_and_one_spoke_per_axis():
    series = [Series(f"S{i}", (1.0 * i, 2.0, 3.0, 4.0)) for i in range(1, 4)]
    root = ET.fromstring(radar(series=series))
    groups = series_groups(root)
    assert [len(g.findall(f"{SVG}polygon")) for g in groups] == [1, 1, 1]
    grid = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "grid")
    assert len(grid.findall(f"{SVG}line")) == len(AXES)
    assert [all_text(t) for t in grid.findall(f"{SVG}text")].count("Økonomi") == 1


def test_radar_rings_at_ticks_with_each_value_written_once():
    root = ET.fromstring(radar(ticks=(2, 4, 6, 8, 10)))
    grid = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "grid")
    radii = [float(c.get("r")) for c in grid.findall(f"{SVG}circle")]
    assert radii == pytest.approx([charts._RADAR_RADIUS * t / 10 for t in (2, 4, 6, 8, 10)])
    texts = [all_text(t) for t in grid.findall(f"{SVG}text")]
    for tick in ("2", "4", "6", "8", "10"):
        assert texts.count(tick) == 1


def test_line_polyline_points():
    root = ET.fromstring(line())
    (group,) = series_groups(root)
    (polyline,) = group.findall(f"{SVG}polyline")
    expected = [line_point(i, 4, v) for i, v in enumerate((2, 4, 6, 8))]
    assert_points(parse_points(polyline.get("points")), expected)
    assert len(markers(group)) == 4


def test_line_gaps_split_the_line_and_lone_points_keep_their_marker():
    labels = [f"M{i}" for i in range(7)]
    values = (1.0, 2.0, None, 4.0, 5.0, None, 7.0)
    root = ET.fromstring(line(x_labels=labels, series=(Series("Bolig", values),)))
    (group,) = series_groups(root)
    segments = [parse_points(p.get("points")) for p in group.findall(f"{SVG}polyline")]
    assert_points(segments[0], [line_point(0, 7, 1), line_point(1, 7, 2)])
    assert_points(segments[1], [line_point(3, 7, 4), line_point(4, 7, 5)])
    assert len(segments) == 2
    assert len(markers(group)) == 5
    assert any(t == "Bolig – M6: 7" for t in marker_titles(group))


def test_line_series_with_a_single_point_still_has_its_marker():
    root = ET.fromstring(line(series=(Series("Bolig", (None, 3.0, None, None)),)))
    (group,) = series_groups(root)
    assert group.findall(f"{SVG}polyline") == []
    (marker,) = markers(group)
    assert (float(marker.get("cx")), float(marker.get("cy"))) == pytest.approx(
        line_point(1, 4, 3), abs=0.051
    )


def test_marker_titles_name_series_label_and_value():
    root = ET.fromstring(radar())
    assert marker_titles(series_groups(root)[0]) == [
        "Oppstart – Bolig: 5",
        "Oppstart – Økonomi: 10",
        "Oppstart – Helse: 2.5",
    ]
    series = (Series("Bolig", (7.0, 6.96, 4.46, None)),)
    root = ET.fromstring(line(series=series, decimal_comma=True))
    assert marker_titles(series_groups(root)[0]) == [
        "Bolig – 03.2025: 7",
        "Bolig – 06.2025: 7",
        "Bolig – 09.2025: 4,5",
    ]


def test_tick_values_use_the_decimal_comma():
    root = ET.fromstring(line(ticks=(0, 2.5, 5), decimal_comma=True))
    texts = [all_text(t) for t in root.iter(f"{SVG}text")]
    assert "2,5" in texts and "2.5" not in texts


def test_labels_are_escaped_not_elements():
    evil = "<script>alert('x')</script> & co"
    for svg in (
        radar(title=evil, description=evil, axes=(evil, "B", "C", "D")),
        radar(series=(Series(evil, (1.0, 2.0, 3.0, 4.0)),)),
        line(x_labels=(evil, "b", "c", "d"), y_label=evil),
        line(series=(Series(evil, (1.0, 2.0, 3.0, 4.0)),)),
    ):
        root = ET.fromstring(svg)
        assert list(root.iter(f"{SVG}script")) == []
        assert list(root.iter("script")) == []
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg
        assert "<script>" in all_text(root)


def test_values_outside_the_range_are_clamped_but_titled_with_the_real_value():
    root = ET.fromstring(radar(series=(Series("S", (12.0, -3.0, 5.0, 5.0)),)))
    (group,) = series_groups(root)
    points = parse_points(group.find(f"{SVG}polygon").get("points"))
    assert_points(points[:2], [radar_point(0, 4, 10), radar_point(1, 4, 0)])
    assert marker_titles(group)[:2] == ["S – Bolig: 12", "S – Økonomi: -3"]

    root = ET.fromstring(line(series=(Series("S", (-3.0, 14.5, 5.0, 5.0)),)))
    (group,) = series_groups(root)
    points = parse_points(group.find(f"{SVG}polyline").get("points"))
    assert_points(points[:2], [line_point(0, 4, 0), line_point(1, 4, 10)])
    assert marker_titles(group)[:2] == ["S – 03.2025: -3", "S – 06.2025: 14.5"]


@pytest.mark.parametrize(
    "svg",
    [
        radar(series=(), empty_text="Ingen data ennå"),
        radar(axes=(), series=(), empty_text="Ingen data ennå"),
        radar(series=(Series("S", (None, None, None, None)),), empty_text="Ingen data ennå"),
        line(series=(), empty_text="Ingen data ennå"),
        line(x_labels=(), series=(Series("S", ()),), empty_text="Ingen data ennå"),
    ],
)
def test_empty_chart_says_so(svg):
    root = ET.fromstring(svg)
    assert series_groups(root) == []
    assert [all_text(t) for t in root.iter(f"{SVG}text")] == ["Ingen data ennå"]
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.get("role") == "img" and root.get("viewBox")


def test_empty_text_defaults_to_no_data():
    root = ET.fromstring(line(series=()))
    assert [all_text(t) for t in root.iter(f"{SVG}text")] == ["No data"]


def test_four_series_differ_in_colour_dash_and_marker_shape():
    series = [Series(f"Serie {i}", (1.0 + i, 2.0, 3.0, 4.0)) for i in range(4)]
    for svg, shape_tag in ((line(series=series), "polyline"), (radar(series=series), "polygon")):
        root = ET.fromstring(svg)
        groups = series_groups(root)
        shapes = [g.find(f"{SVG}{shape_tag}") for g in groups]
        assert len({s.get("stroke") for s in shapes}) == 4
        assert len({s.get("stroke-dasharray", "solid") for s in shapes}) == 4
        assert len({markers(g)[0].get("class") for g in groups}) == 4
        items = [g for g in legend(root) if g.get("class") == "legend-item"]
        assert [all_text(i) for i in items] == [s.label for s in series]
        samples = [
            (i.find(f"{SVG}line").get("stroke-dasharray"), markers(i)[0].get("class"))
            for i in items
        ]
        assert samples == [
            (s.get("stroke-dasharray"), markers(g)[0].get("class"))
            for s, g in zip(shapes, groups, strict=True)
        ]


def test_styles_cycle_when_there_are_more_series_than_styles():
    series = [Series(f"S{i}", (1.0, 2.0, 3.0, 4.0)) for i in range(len(charts.PALETTE) + 1)]
    groups = series_groups(ET.fromstring(line(series=series)))
    first, last = groups[0].find(f"{SVG}polyline"), groups[-1].find(f"{SVG}polyline")
    assert first.get("stroke") == last.get("stroke")


def test_output_is_deterministic():
    assert radar() == radar()
    assert line() == line()


def test_ids_differ_between_charts():
    svgs = (radar(), line(), radar(title="Annen tittel"), line(series=(Series("X", (1, 1, 1, 1)),)))
    ids = [ET.fromstring(svg).find(f"{SVG}title").get("id") for svg in svgs]
    assert len(set(ids)) == len(ids)
    desc_ids = [ET.fromstring(svg).find(f"{SVG}desc").get("id") for svg in svgs]
    assert not set(ids) & set(desc_ids) and len(set(desc_ids)) == len(desc_ids)


def test_long_labels_are_wrapped_and_keep_the_full_label_in_a_title():
    long = "Barnas situasjon og barnehagesituasjonen"
    root = ET.fromstring(radar(axes=("Bolig", long, "Arbeid og aktivitet", "Helse")))
    (cut,) = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert cut.find(f"{SVG}title").text == long
    lines = [s.text for s in cut.findall(f"{SVG}tspan")]
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= 14 for line in lines)
    wrapped = next(t for t in root.iter(f"{SVG}text") if "Arbeid" in all_text(t))
    assert [s.text for s in wrapped.findall(f"{SVG}tspan")] == ["Arbeid og", "aktivitet"]
    assert wrapped.find(f"{SVG}title") is None  # nothing was cut, so no title is needed


def test_coordinates_have_at_most_one_decimal():
    svg = radar(series=(Series("S", (1 / 3, 2 / 3, 1.0, 7.77)),)) + line(
        series=(Series("S", (1 / 3, 2 / 3, None, 9.99)),)
    )
    for value in re.findall(r' (?:points|d|cx|cy|x|y|x1|y1|x2|y2|r)="([^"]*)"', svg):
        for number in re.findall(r"-?[\d.]+", value):
            assert re.fullmatch(r"-?\d+(\.\d)?", number), number


def test_decimals_are_accepted():
    svg = radar(
        series=(Series("S", (Decimal("5.5"), Decimal("1"), None, Decimal("2"))),),
        minimum=Decimal("0"),
        maximum=Decimal("10"),
        ticks=(Decimal("5"),),
    )
    assert marker_titles(series_groups(ET.fromstring(svg))[0])[0] == "S – Bolig: 5.5"


def test_bad_input_raises():
    with pytest.raises(ValueError, match="values for 4 axes"):
        radar(series=(Series("S", (1.0, 2.0)),))
    with pytest.raises(ValueError, match="greater than minimum"):
        line(minimum=10, maximum=10)


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_contrast_formula():
    assert _contrast_with_white("#000000") == pytest.approx(21)
    assert _contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)
    assert _contrast_with_white("#F0E442") < 3  # Okabe–Ito yellow, left out of the palette


@pytest.mark.parametrize("colour", [*charts.PALETTE, charts.AXIS_COLOUR, charts.GRID_COLOUR])
def test_graphical_colours_reach_3_to_1_on_white(colour):
    assert _contrast_with_white(colour) >= 3


def test_text_colour_reaches_4_5_to_1_on_white():
    assert _contrast_with_white(charts.TEXT_COLOUR) >= 4.5
    svg = radar() + line()
    assert set(re.findall(r'<text[^>]* fill="([^"]+)"', svg)) == {charts.TEXT_COLOUR}
