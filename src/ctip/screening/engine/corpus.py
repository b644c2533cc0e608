"""The corpus: hand-written posts plus template variants, with provenance, and its split.

``data/corpus/*.tsv`` holds posts written by the project, one a line
(``lang<TAB>style<TAB>source<TAB>text``; the label is the file name's first part),
each naming the kind of public material it was modelled on (a key of
``data/corpus/sources.json``). ``data/corpus.jsonl`` holds the first, older examples.
``data/templates.json`` holds templates whose slots are filled with a fixed seed, then
rewritten the way real posts are (no diacritics, teencode, emojis).

The test part is split off by a hash of each post's folded text (of the template id
for template variants, so all variants of one template fall on one side); the split
is recorded in ``data/corpus/split.tsv`` and never depends on the model or the rules.
Nothing here comes from the dev set.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .lexicon import DATA_DIR
from .text import FOLD_TABLE

CORPUS_PATH = DATA_DIR / "corpus.jsonl"
CORPUS_DIR = DATA_DIR / "corpus"
SOURCES_PATH = CORPUS_DIR / "sources.json"
SPLIT_PATH = CORPUS_DIR / "split.tsv"
TEMPLATES_PATH = DATA_DIR / "templates.json"
SEED = 20250701
# One post in five goes to the test part; the salt fixes the split for good.
TEST_SHARE_PERCENT = 20
SPLIT_SALT = "ctip-screening-split-2026-12"
STYLES = {"i": "informal", "f": "formal"}
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_TEENCODE_WORDS = re.compile(r"\b(?:ib|ko|k|kn|lg|dc|tr|lh|cty|nv|ae|e|mn|pm|msg|bro|lol)\b")

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
    style: str = "informal"
    template: str = ""

    @property
    def split_key(self) -> str:
        """What the split hashes: the template for variants, the folded text otherwise."""
        return f"template:{self.template}" if self.template else fold_key(self.text)


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


def fold_key(text: str) -> str:
    """The text folded and with its spacing collapsed, as the split and dedupe see it."""
    return " ".join(text.translate(FOLD_TABLE).lower().split())


def looks_informal(text: str, lang: str) -> bool:
    """For template variants, whose style depends on the rewriting drawn."""
    folded = text.translate(FOLD_TABLE).lower()
    no_marks = lang == "vi" and folded == text.lower()
    return bool(_EMOJI.search(text) or _TEENCODE_WORDS.search(folded) or no_marks or "!!" in text)


def sources(path: Path = SOURCES_PATH) -> dict[str, dict[str, str]]:
    spec = json.loads(path.read_text("utf-8"))
    return {key: value for key, value in spec.items() if not key.startswith("_")}


def _written(directory: Path = CORPUS_DIR) -> list[Example]:
    kinds = sources()
    out: list[Example] = []
    for path in sorted(directory.glob("*.tsv")):
        if path == SPLIT_PATH:
            continue
        label = path.name.split(".", 1)[0]
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip() or line.startswith("#"):
                    continue
                lang, style, source, text = line.rstrip("\n").split("\t")
                kind = kinds[source]
                out.append(
                    Example(
                        id=f"{path.stem}:{number}",
                        label=label,
                        lang=lang,
                        text=text,
                        provenance=(
                            f"written by the project from {kind['kind']}: "
                            f"{kind['description']} Source: {kind['public_source']}"
                        ),
                        style=STYLES[style],
                    )
                )
    return out


def handwritten(path: Path = CORPUS_PATH) -> list[Example]:
    """Every post written by the project: the first examples, then ``corpus/*.tsv``."""
    first = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                style = "informal" if looks_informal(row["text"], row["lang"]) else "formal"
                first.append(Example(**row, style=style))
    return first + _written()


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
            informal = looks_informal(text, template["lang"])
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
                    style="informal" if informal else "formal",
                    template=template["id"],
                )
            )
    return out


def examples() -> Iterator[Example]:
    """Every example of the corpus, both parts, hand-written first, in a fixed order."""
    yield from handwritten()
    yield from generated()


def part(example: Example) -> str:
    """``"test"`` or ``"train"``, from a salted SHA-256 of the example's split key."""
    digest = hashlib.sha256(f"{SPLIT_SALT}\n{example.split_key}".encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") % 100 < TEST_SHARE_PERCENT else "train"


def split_rows(data: list[Example] | None = None) -> list[str]:
    """The lines of ``split.tsv``: the split key's hash, the part and the example id."""
    data = list(examples()) if data is None else data
    rows = []
    for example in data:
        key = hashlib.sha256(example.split_key.encode()).hexdigest()[:16]
        rows.append(f"{key}\t{part(example)}\t{example.id}")
    return rows


def recorded_split(path: Path = SPLIT_PATH) -> dict[str, str]:
    """The split as committed: example id -> part."""
    out = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            _key, where, ident = line.split("\t")
            out[ident] = where
    return out


def training_examples() -> list[Example]:
    """The examples that training, cross-validation and rule-writing may see."""
    split = recorded_split()
    return [e for e in examples() if split[e.id] == "train"]


def held_out_examples() -> list[Example]:
    """The held-out test part, read only by ``bench/screening/evaluate.py``."""
    split = recorded_split()
    return [e for e in examples() if split[e.id] == "test"]
