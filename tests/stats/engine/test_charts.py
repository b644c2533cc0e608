import xml.etree.ElementTree as ET

from ctip.stats.engine import charts
from ctip.stats.engine.exports import Sheet, UnodcRow, pdf, unodc_csv, xlsx

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


def test_exports_open_and_leave_hidden_values_out_of_unodc():
    sheet = Sheet("T", "2025", ("Sex", "Count"), (("Nữ", 40), ("Nam", None)), ("note",), "ẩn")
    assert xlsx(sheet)[:2] == b"PK"
    assert pdf(sheet).startswith(b"%PDF")
    text = unodc_csv(
        [
            UnodcRow("Detected trafficking victims", "Total", "Total", "Female", "Total", 2025, 40),
            UnodcRow("Detected trafficking victims", "Total", "Total", "Male", "Total", 2025, None),
        ]
    )
    assert text.splitlines() == [
        "country,indicator,dimension,category,sex,age,year,value",
        "VNM,Detected trafficking victims,Total,Total,Female,Total,2025,40",
    ]
