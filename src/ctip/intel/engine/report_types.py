"""Report types as people and partner systems write them, in Vietnamese and English."""

from __future__ import annotations

from .names import fold

REPORT_TYPES = (
    "investment",
    "romance",
    "gambling",
    "impersonation",
    "recruitment",
    "ransom",
    "other",
)

# Folded (lower case, no diacritics, single spaces) words for each type. A type's own
# code is always understood; these are the names other systems and people give it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "investment": (
        "investment scam",
        "investment fraud",
        "trading scam",
        "crypto investment",
        "pig butchering",
        "stock scam",
        "forex scam",
        "lua dao dau tu",
        "dau tu",
        "dau tu tai chinh",
        "dau tu tien ao",
        "san ao",
        "lua dao tai chinh",
    ),
    "romance": (
        "romance scam",
        "romance fraud",
        "dating scam",
        "love scam",
        "sextortion",
        "lua dao tinh cam",
        "tinh cam",
        "lua tinh",
        "hen ho",
    ),
    "gambling": (
        "gambling scam",
        "online gambling",
        "betting scam",
        "casino",
        "co bac",
        "co bac online",
        "danh bac",
        "ca cuoc",
        "ca do",
    ),
    "impersonation": (
        "impersonation scam",
        "government impersonation",
        "police impersonation",
        "bank impersonation",
        "fake police",
        "fake official",
        "gia danh",
        "gia danh cong an",
        "gia danh ngan hang",
        "gia danh co quan nha nuoc",
        "mao danh",
        "mao danh cong an",
    ),
    "recruitment": (
        "job scam",
        "job offer scam",
        "employment scam",
        "employment fraud",
        "fake job",
        "deceptive recruitment",
        "fraudulent recruitment",
        "recruitment fraud",
        "labour trafficking",
        "labor trafficking",
        "tuyen dung",
        "lua dao tuyen dung",
        "tuyen dung lua dao",
        "viec lam",
        "viec nhe luong cao",
        "xuat khau lao dong",
        "lua dao viec lam",
    ),
    "ransom": (
        "ransom demand",
        "ransom",
        "ransom request",
        "extortion",
        "kidnapping",
        "kidnap for ransom",
        "hostage",
        "doi tien chuoc",
        "tien chuoc",
        "chuoc nguoi",
        "bat coc",
        "tong tien",
    ),
    "other": ("other", "unknown", "khac", "loai khac", "khong ro"),
}

_INDEX: dict[str, str] = {}
for _type, _words in SYNONYMS.items():
    for _word in (_type, *_words):
        _key = fold(_word)
        if _INDEX.setdefault(_key, _type) != _type:
            raise ValueError(f"{_word!r} names two report types")
        _INDEX.setdefault(_key.replace(" ", ""), _type)


def report_type(text: str) -> str | None:
    """The report type ``text`` names, or None; empty text is ``other``.

    Tolerates case, diacritics, punctuation and spacing ("Đòi tiền chuộc", "ransom-demand",
    "Deceptive  Recruitment").
    """
    folded = fold(text)
    if not folded:
        return "other"
    return _INDEX.get(folded) or _INDEX.get(folded.replace(" ", ""))
