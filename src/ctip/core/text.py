"""Small text helpers shared by the platform (no Django)."""

import unicodedata


def fold(value: str) -> str:
    """Lower-case ASCII form of Vietnamese text: 'Đắk Lắk' -> 'dak lak'."""
    value = value.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def slug(value: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in fold(value)).split())
