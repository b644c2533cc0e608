"""The training corpus: hand-written examples plus template variants, with provenance.

``data/corpus.jsonl`` holds examples written by the project, each naming the public
pattern it was written from. ``data/templates.json`` holds templates whose slots are
filled with a fixed seed, then rewritten the way real posts are (no diacritics,
teencode, emojis), so the model meets messy text in training. Nothing here comes from
the evaluation set.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .lexicon import DATA_DIR
from .text import FOLD_TABLE

CORPUS_PATH = DATA_DIR / "corpus.jsonl"
TEMPLATES_PATH = DATA_DIR / "templates.json"
SEED = 20250701

_SLOT = re.compile(r"\{(\w+)\}")
# Written the way people type in a hurry; each is applied to some variants only.
_TEENCODE = (
    ("không", "ko"),
    ("không", "k"),
    ("lương", "lg"),
    ("kinh nghiệm", "kn"),
    ("được", "dc"),
    ("inbox", "ib"),
    ("triệu", "tr"),
    ("liên hệ", "lh"),
    ("công ty", "cty"),
    ("nhân viên", "nv"),
)


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    label: str
    lang: str
    text: str
    provenance: str


def _messy(text: str, lang: str, rng: random.Random) -> str:
    if lang == "vi":
        for long, short in _TEENCODE:
            if rng.random() < 0.25:
                text = text.replace(long, short)
        if rng.random() < 0.35:
            text = text.translate(FOLD_TABLE).lower() if rng.random() < 0.5 else _strip(text)
    if rng.random() < 0.3:
        text = f"{rng.choice('🔥💰✈️👉⚡📢❗✅')} {text} {rng.choice('💵🌟🙏😍')}"
    if rng.random() < 0.1:
        head, _, tail = text.partition(".")
        text = head.upper() + ("." + tail if tail else "")
    return text


def _strip(text: str) -> str:
    """Drop diacritics but keep case, as people typing without a Vietnamese keyboard."""
    return "".join(
        ch
        if not ch.isalpha()
        else (FOLD_TABLE.get(ord(ch), ch).upper() if ch.isupper() else FOLD_TABLE.get(ord(ch), ch))
        for ch in text
    )


def handwritten(path: Path = CORPUS_PATH) -> list[Example]:
    with path.open(encoding="utf-8") as fh:
        return [Example(**json.loads(line)) for line in fh if line.strip()]


def _fill(text: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    return _SLOT.sub(lambda m: rng.choice(slots[m.group(1)]), text)


def generated(path: Path = TEMPLATES_PATH, seed: int = SEED) -> list[Example]:
    spec = json.loads(path.read_text("utf-8"))
    slots: dict[str, list[str]] = spec["slots"]
    out: list[Example] = []
    seen: set[str] = set()
    for number, template in enumerate(spec["templates"]):
        rng = random.Random(seed * 1000 + number)  # noqa: S311 - reproducible, not secret
        made = 0
        for _attempt in range(template["n"] * 5):
            if made == template["n"]:
                break
            text = _fill(template["text"], slots, rng)
            text = _messy(text, template["lang"], rng)
            if text in seen:
                continue
            seen.add(text)
            made += 1
            out.append(
                Example(
                    id=f"{template['id']}-{made:03d}",
                    label=template["label"],
                    lang=template["lang"],
                    text=text,
                    provenance=(
                        f"template-generated from {template['id']} (seed {seed}), written "
                        f"by the project from {template['provenance']}"
                    ),
                )
            )
    return out


def examples() -> Iterator[Example]:
    """Every training example, hand-written first, in a fixed order."""
    yield from handwritten()
    yield from generated()
