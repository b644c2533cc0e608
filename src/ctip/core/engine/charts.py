"""Server-rendered SVG pictures: bars, a monthly line, several weekly lines, estimates with
their intervals and a tile map of the 34 provinces (the statistics and outreach apps').

No chart library: plain SVG strings, escaped. Every picture has a title and a description
for screen readers, and pages show the same numbers as a table beside it. A hidden
(suppressed) value is drawn hatched, never as zero.

The map is a tile grid (one square per province, placed roughly where it lies): no
boundary data for the 34 provinces in force since 1 July 2025 ships with a package.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

# (column, row) of each province on the tile grid, north to south.
TILES: dict[str, tuple[int, int]] = {
    "Lai Châu": (1, 0),
    "Lào Cai": (2, 0),
    "Tuyên Quang": (3, 0),
    "Cao Bằng": (4, 0),
    "Điện Biên": (0, 1),
    "Sơn La": (1, 1),
    "Phú Thọ": (2, 1),
    "Thái Nguyên": (3, 1),
    "Lạng Sơn": (4, 1),
    "Hà Nội": (2, 2),
    "Bắc Ninh": (3, 2),
    "Quảng Ninh": (4, 2),
    "Ninh Bình": (2, 3),
    "Hưng Yên": (3, 3),
    "Hải Phòng": (4, 3),
    "Thanh Hóa": (2, 4),
    "Nghệ An": (2, 5),
    "Hà Tĩnh": (3, 6),
    "Quảng Trị": (3, 7),
    "Huế": (4, 8),
    "Đà Nẵng": (4, 9),
    "Quảng Ngãi": (4, 10),
    "Gia Lai": (4, 11),
    "Đắk Lắk": (3, 12),
    "Khánh Hòa": (4, 12),
    "Lâm Đồng": (3, 13),
    "Tây Ninh": (1, 14),
    "Đồng Nai": (2, 14),
    "Hồ Chí Minh": (2, 15),
    "Đồng Tháp": (1, 15),
    "An Giang": (0, 16),
    "Cần Thơ": (1, 16),
    "Vĩnh Long": (2, 16),
    "Cà Mau": (1, 17),
}

SHADES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
HATCH = (
    '<defs><pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#888" stroke-width="2"/></pattern></defs>'
)


def _open(width: int, height: int, title: str, desc: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'class="chart"><title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>' + HATCH.format(id=f"{ident}-h")
    )


def _fmt(value: int | None, hidden: str) -> str:
    return hidden if value is None else f"{value:,}".replace(",", ".")


def bars(
    items: Sequence[tuple[str, int | None]],
    *,
    title: str,
    desc: str,
    hidden: str = "hidden",
    ident: str = "bars",
) -> str:
    """Horizontal bars, one per (label, value)."""
    row, label_w, bar_w = 24, 190, 320
    height = row * len(items) + 10
    top = max([v for _label, v in items if v is not None] or [1]) or 1
    parts = [_open(label_w + bar_w + 80, height, title, desc, ident)]
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12">'
            f"{escape(label[:32])}</text>"
        )
        if value is None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="40" height="{row - 6}" '
                f'fill="url(#{ident}-h)" stroke="#888"><title>{escape(label)}: '
                f"{escape(hidden)}</title></rect>"
            )
        else:
            w = round(bar_w * value / top)
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 6}" '
                f'fill="{SHADES[3]}"><title>{escape(label)}: {_fmt(value, hidden)}</title></rect>'
            )
        parts.append(
            f'<text x="{label_w + (40 if value is None else round(bar_w * value / top)) + 6}" '
            f'y="{y + 16}" font-size="12">{escape(_fmt(value, hidden))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line(
    points: Sequence[tuple[str, int | None]],
    *,
    title: str,
    desc: str,
    hidden: str = "hidden",
    ident: str = "line",
) -> str:
    """A trend: one point per period (label, value); gaps where a value is hidden."""
    width, height, pad = 560, 220, 40
    top = max([v for _label, v in points if v is not None] or [1]) or 1
    n = max(1, len(points) - 1)
    parts = [_open(width, height, title, desc, ident)]
    parts.append(
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - 10}" y2="{height - pad}" '
        'stroke="#444"/>'
    )
    segment: list[str] = []
    coords = []
    for i, (label, value) in enumerate(points):
        x = pad + (width - pad - 20) * i / n
        if value is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{SHADES[4]}" stroke-width="2" '
                    f'points="{" ".join(segment)}"/>'
                )
            segment = []
            parts.append(
                f'<rect x="{x - 4:.1f}" y="{height - pad - 12}" width="8" height="12" '
                f'fill="url(#{ident}-h)" stroke="#888"><title>{escape(label)}: '
                f"{escape(hidden)}</title></rect>"
            )
        else:
            y = height - pad - (height - 2 * pad) * value / top
            segment.append(f"{x:.1f},{y:.1f}")
            coords.append((x, y, label, value))
        if len(points) <= 13 or i % max(1, len(points) // 12) == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - pad + 16}" font-size="10" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    if len(segment) > 1:
        parts.append(
            f'<polyline fill="none" stroke="{SHADES[4]}" stroke-width="2" '
            f'points="{" ".join(segment)}"/>'
        )
    for x, y, label, value in coords:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{SHADES[4]}"><title>'
            f"{escape(label)}: {_fmt(value, hidden)}</title></circle>"
        )
    parts.append(
        f'<text x="{pad - 4}" y="{pad}" font-size="10" text-anchor="end">{_fmt(top, hidden)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


LINE_COLOURS = (SHADES[4], "#d95f02", "#7570b3", "#1b9e77")


def lines(
    series: Sequence[tuple[str, Sequence[int | None]]],
    labels: Sequence[str],
    *,
    title: str,
    desc: str,
    mark: int | None = None,
    mark_label: str = "",
    ident: str = "lines",
) -> str:
    """Several series over the same periods (``labels``), each with a legend entry; a
    dashed vertical line before period ``mark`` (for instance the start of a campaign).
    A value of None (hidden by disclosure control) is a gap in its line."""
    width, height, pad, legend = 560, 240, 40, 18 * len(series)
    top = max([v for _name, values in series for v in values if v is not None] or [1]) or 1
    n = max(1, len(labels) - 1)
    bottom = height - pad

    def x_of(i: float) -> float:
        return pad + (width - pad - 20) * i / n

    parts = [_open(width, height + legend, title, desc, ident)]
    parts.append(f'<line x1="{pad}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="#444"/>')
    for i, label in enumerate(labels):
        if len(labels) <= 13 or i % max(1, len(labels) // 12) == 0:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{bottom + 16}" font-size="10" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    if mark is not None:
        x = x_of(mark - 0.5)
        parts.append(
            f'<line x1="{x:.1f}" y1="{pad - 10}" x2="{x:.1f}" y2="{bottom}" stroke="#444" '
            f'stroke-dasharray="4 3"/><text x="{x + 4:.1f}" y="{pad - 2}" font-size="10">'
            f"{escape(mark_label)}</text>"
        )
    for k, (name, values) in enumerate(series):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        coords = [
            (x_of(i), bottom - (height - 2 * pad) * v / top, labels[i], v)
            for i, v in enumerate(values)
            if v is not None
        ]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((x_of(i), bottom - (height - 2 * pad) * v / top))
        for run in runs:
            if len(run) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                    + " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                    + '"/>'
                )
        for x, y, label, value in coords:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>'
                f"{escape(name)}, {escape(label)}: {_fmt(value, '')}</title></circle>"
            )
        y = height + 18 * k + 4
        parts.append(
            f'<rect x="{pad}" y="{y}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{pad + 20}" y="{y + 6}" font-size="11">{escape(name)}</text>'
        )
    parts.append(
        f'<text x="{pad - 4}" y="{pad}" font-size="10" text-anchor="end">{_fmt(top, "")}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _ratio(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def intervals(
    rows: Sequence[tuple[str, float, float, float]],
    *,
    title: str,
    desc: str,
    ident: str = "intervals",
) -> str:
    """Ratios with their intervals, one row each (label, estimate, low, high), on a
    logarithmic scale with the line of no change (1) drawn."""
    row, label_w, plot_w = 28, 170, 300
    height = row * len(rows) + 30
    ends = [v for _label, est, low, high in rows for v in (est, low, high) if v > 0]
    lo = math.log(min([*ends, 0.5]))
    hi = math.log(max([*ends, 2.0]))

    def x_of(value: float) -> float:
        return label_w + plot_w * (math.log(value) - lo) / (hi - lo)

    parts = [_open(label_w + plot_w + 60, height, title, desc, ident)]
    one = x_of(1.0)
    parts.append(
        f'<line x1="{one:.1f}" y1="4" x2="{one:.1f}" y2="{height - 22}" stroke="#444" '
        f'stroke-dasharray="4 3"/><text x="{one:.1f}" y="{height - 8}" font-size="10" '
        'text-anchor="middle">1</text>'
    )
    for i, (label, estimate, low, high) in enumerate(rows):
        y = 4 + i * row + row / 2
        words = f"{label}: {_ratio(estimate)} ({_ratio(low)}–{_ratio(high)})"
        parts.append(
            f'<g><title>{escape(words)}</title><text x="{label_w - 8}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="12">{escape(label[:28])}</text>'
            f'<line x1="{x_of(low):.1f}" y1="{y:.1f}" x2="{x_of(high):.1f}" y2="{y:.1f}" '
            f'stroke="{SHADES[4]}" stroke-width="2"/>'
            f'<circle cx="{x_of(estimate):.1f}" cy="{y:.1f}" r="4" fill="{SHADES[4]}"/>'
            f'<text x="{label_w + plot_w + 6}" y="{y + 4:.1f}" font-size="11">'
            f"{_ratio(estimate)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def tile_map(
    values: dict[str, int | None],
    *,
    title: str,
    desc: str,
    hidden: str = "hidden",
    ident: str = "map",
) -> str:
    """The 34 provinces as tiles, shaded by value (by name, as in ``TILES``)."""
    size, gap = 46, 3
    cols = 1 + max(c for c, _r in TILES.values())
    rows = 1 + max(r for _c, r in TILES.values())
    shown = sorted(v for v in values.values() if v is not None)
    top = shown[-1] if shown else 0
    parts = [_open(cols * (size + gap) + 10, rows * (size + gap) + 10, title, desc, ident)]
    for name, (c, r) in TILES.items():
        x, y = 5 + c * (size + gap), 5 + r * (size + gap)
        value = values.get(name, 0)
        if value is None:
            fill = f"url(#{ident}-h)"
        else:
            fill = SHADES[min(4, int(5 * value / (top + 1)))] if top else SHADES[0]
        short = name if len(name) <= 8 else name[:7] + "."
        dark = value is not None and top and value / (top + 1) >= 0.6
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{fill}" '
            f'stroke="#666"><title>{escape(name)}: {_fmt(value, hidden)}</title></rect>'
            f'<text x="{x + size / 2}" y="{y + 18}" font-size="8" text-anchor="middle" '
            f'fill="{"#fff" if dark else "#000"}">{escape(short)}</text>'
            f'<text x="{x + size / 2}" y="{y + 34}" font-size="11" text-anchor="middle" '
            f'fill="{"#fff" if dark else "#000"}">{escape(_fmt(value, "—"))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
