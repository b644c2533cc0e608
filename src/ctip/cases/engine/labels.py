"""Bilingual labels: Vietnamese first, English second, as the interface shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["vi", "en"]


@dataclass(frozen=True, slots=True)
class Label:
    vi: str
    en: str

    def in_language(self, language: Language) -> str:
        if language == "vi":
            return self.vi
        if language == "en":
            return self.en
        raise ValueError(f"unsupported language {language!r}: use 'vi' or 'en'")
