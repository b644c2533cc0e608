"""Write src/ctip/core/data/countries_vi.csv: each ISO 3166-1 country's name in Vietnamese.

The names come from the Unicode CLDR (through Babel, a development dependency); a few
names people in Viet Nam also use are added as aliases. Run it when pycountry or CLDR
gains a country: ``uv run --frozen python scripts/build_country_names.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import babel
import pycountry

OUT = Path(__file__).resolve().parent.parent / "src/ctip/core/data/countries_vi.csv"

# Other names in everyday use, separated by "|" in the file.
ALIASES = {
    "CN": ["Trung Hoa"],
    "GB": ["Anh", "Anh Quốc"],
    "HK": ["Hồng Kông"],
    "KH": ["Cam-pu-chia", "Căm-pu-chia"],
    "KR": ["Nam Hàn", "Hàn"],
    "KP": ["Bắc Triều Tiên", "Bắc Hàn"],
    "LA": ["Lào"],
    "MM": ["Miến Điện", "Mi-an-ma"],
    "MO": ["Ma Cao"],
    "MY": ["Mã Lai", "Ma-lai-xi-a"],
    "PH": ["Phi", "Phi-líp-pin"],
    "SG": ["Xin-ga-po", "Tân Gia Ba"],
    "TH": ["Thái"],
    "TW": ["Đài"],
    "US": ["Mỹ"],
    "RU": ["Liên bang Nga"],
    "JP": ["Nhật"],
    "AE": ["Dubai"],
}


def main() -> None:
    names = babel.Locale("vi").territories
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        name = names[code].split(" (")[0]
        if code in {"HK", "MO"}:
            name = ALIASES[code][0]
        aliases = [a for a in ALIASES.get(code, []) if a != name]
        if "(" in names[code]:
            aliases.append(names[code].split(" (")[1].rstrip(")"))
        rows.append((code, name, "|".join(dict.fromkeys(aliases))))
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["alpha_2", "name_vi", "aliases_vi"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
