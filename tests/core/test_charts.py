import xml.etree.ElementTree as ET

from ctip.core.engine import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_bars_show_each_value_and_hatch_the_hidden_one():
    svg = charts.bars(
        [("Hà Nội", 30), ("<script>", None), ("Nghệ An", 15)],
        title="Victims",
        desc="Same as the table",
        hidden="hidden",
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Victims"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "30" in texts
    assert "hidden" in texts
    assert "<script>" not in svg  # escaped
    hatched = [r for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(#")]
    assert len(hatched) == 1


def test_the_map_has_every_province_once():
    values = dict.fromkeys(charts.TILES, 5)
    values["Hà Nội"] = None
    root = parse(charts.tile_map(values, title="Map", desc="d"))
    titles = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert len(titles) == 34
    assert "Hà Nội: hidden" in titles
    assert len(set(charts.TILES.values())) == 34  # no two provinces on one tile


def test_the_line_breaks_where_a_month_is_hidden():
    root = parse(
        charts.line(
            [("01", 12), ("02", 14), ("03", None), ("04", 20), ("05", 22)], title="t", desc="d"
        )
    )
    assert len(list(root.iter(f"{SVG}polyline"))) == 2


def test_lines_draw_each_series_with_a_legend_and_the_mark():
    root = parse(
        charts.lines(
            [("Targeted", [3, 4, 9, 10]), ("<b>Others</b>", [20, 21, 20, 22])],
            ["w1", "w2", "w3", "w4"],
            title="t",
            desc="d",
            mark=2,
            mark_label="start",
        )
    )
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Targeted, w3: 9" in titles
    assert "<b>Others</b>, w4: 22" in titles  # escaped in the file, read back as text
    assert "start" in [t.text for t in root.iter(f"{SVG}text")]


def test_intervals_place_the_estimate_inside_its_interval_and_draw_no_change():
    root = parse(
        charts.intervals(
            [("Calls", 2.0, 1.2, 3.5), ("Reports", 0.8, 0.4, 1.6)], title="t", desc="d"
        )
    )
    dots = [float(c.get("cx")) for c in root.iter(f"{SVG}circle")]
    whiskers = [
        (float(x.get("x1")), float(x.get("x2")))
        for x in root.iter(f"{SVG}line")
        if x.get("stroke") == charts.SHADES[4]
    ]
    assert all(lo < dot < hi for dot, (lo, hi) in zip(dots, whiskers, strict=True))
    assert dots[0] > dots[1]
    assert "Calls: 2,00 (1,20–3,50)" in [t.text for t in root.iter(f"{SVG}title")]
