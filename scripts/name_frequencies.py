"""Write tests/cases/name_frequencies.py: how often each middle and given name occurs.

The counts come from ``uit_member.json`` of the MIT-licensed repository
duyet/vietnamese-namedb (names of members of a Vietnamese university forum), with the
repository's ``boy_one_word.txt`` and ``girl_one_word.txt`` for the sex of rare given names.
Only counts of single name parts are written, never a full name::

    uv run --frozen python scripts/name_frequencies.py DIR COMMIT

where DIR holds the three files of the repository at COMMIT.

Sex is not in the file. A name with the middle name Thị is a woman's, with Văn a man's;
any other name counts for each sex by the share of Thị and Văn among the carriers of its
given name (at least two of them), else by the repository's lists of boys' and girls'
names, else half and half. Each table keeps its commonest names up to 95 % of the mass;
the others are the tail, drawn evenly, with the mass they had together.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests/cases/name_frequencies.py"
HEAD_MASS = 0.95


VOWELS = set("aeiouy")
# Breve, circumflex, horn and the five tones: the marks Vietnamese writes.
SHAPED = {"\u0306": "a", "\u0302": "aeo", "\u031b": "ou"}
MARKS = {"\u0306", "\u0302", "\u031b", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def clean(token: str) -> str | None:
    """``token`` in one spelling (composed, capitalised), or None if it is no Vietnamese word
    (a misencoded letter, a digit, a mark Vietnamese does not use)."""
    token = unicodedata.normalize("NFC", token.strip(".,;:-'\"")).capitalize()
    base = ""
    for ch in unicodedata.normalize("NFD", token.lower().replace("đ", "d")):
        if unicodedata.combining(ch):
            if ch not in MARKS or not base or base[-1] not in VOWELS:
                return None
            if base[-1] not in SHAPED.get(ch, VOWELS):
                return None
        elif "a" <= ch <= "z":
            base += ch
        else:
            return None
    return token or None


def split(table: Counter[str]) -> tuple[dict[str, float], tuple[str, ...], float]:
    """The head covering HEAD_MASS of ``table``, the tail's names and the tail's mass."""
    total = sum(table.values())
    head: dict[str, float] = {}
    covered = 0.0
    ranked = sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))
    for name, count in ranked:
        if covered >= HEAD_MASS * total:
            break
        head[name] = round(count, 1)
        covered += count
    tail = tuple(sorted(name for name, _ in ranked[len(head) :]))
    return head, tail, round(total - covered, 1)


def wrap(items: list[str]) -> list[str]:
    """``items`` separated by commas, on lines of at most 100 characters."""
    lines = [" " * 11]
    for item in items:
        if len(lines[-1]) + len(item) + 2 > 100:
            lines.append(" " * 11)
        lines[-1] += f" {item},"
    return lines


def main(folder: Path, commit: str) -> None:
    members = json.loads((folder / "uit_member.json").read_text(encoding="utf-8"))
    boys = {clean(t) for t in (folder / "boy_one_word.txt").read_text(encoding="utf-8").split()}
    girls = {clean(t) for t in (folder / "girl_one_word.txt").read_text(encoding="utf-8").split()}
    names: list[tuple[list[str], str]] = []
    marked: dict[str, Counter[str]] = defaultdict(Counter)
    skipped = 0
    for member in members:
        family_middle = [clean(t) for t in member["last_name"].split()]
        given = [clean(t) for t in member["first_name"].split()]
        # No middle name, a given name of several words or a token that is no Vietnamese
        # word (mostly misencoded): foreign, unfinished or garbled.
        if len(family_middle) < 2 or len(given) != 1 or None in family_middle + given:
            skipped += 1
            continue
        middle = [t for t in family_middle[1:3] if t]
        first = given[0] or ""
        names.append((middle, first))
        if "Thị" in middle:
            marked[first]["F"] += 1
        elif "Văn" in middle:
            marked[first]["M"] += 1
    given_of: dict[str, Counter[str]] = {"M": Counter(), "F": Counter()}
    middle_of: dict[str, Counter[str]] = {"M": Counter(), "F": Counter()}
    second_of: dict[str, Counter[str]] = {"M": Counter(), "F": Counter()}
    persons: Counter[str] = Counter()
    two: Counter[str] = Counter()
    for middle, given in names:
        if "Thị" in middle:
            female = 1.0
        elif "Văn" in middle:
            female = 0.0
        elif sum(marked[given].values()) >= 2:
            female = marked[given]["F"] / sum(marked[given].values())
        elif (given in girls) != (given in boys):
            female = float(given in girls)
        else:
            female = 0.5
        for sex, share in (("F", female), ("M", 1 - female)):
            if not share:
                continue
            persons[sex] += share
            given_of[sex][given] += share
            middle_of[sex][middle[0]] += share
            if len(middle) > 1:
                two[sex] += share
                second_of[sex][middle[1]] += share
    lines = [
        '"""How often Vietnamese middle and given names occur, counted on a real sample.',
        "",
        "Source: repository duyet/vietnamese-namedb (MIT License, copyright 2016 Van-Duyet Le),",
        f"file uit_member.json at commit {commit}: {len(members)} names of",
        "members of the forum of a university of information technology in Ho Chi Minh City,",
        "crawled in December 2016. The sample is young (students and staff of 2016),",
        "mostly southern and mostly male; older, northern and rural names",
        "(Văn and Thị as middle names, old given names) are rarer in it than in a register.",
        "",
        f"Derived by ``scripts/name_frequencies.py``: {skipped} names without a middle name,",
        "with a given name of several words or with a misencoded word are left out; the",
        "others are composed (NFC) and capitalised. Sex is not in the file: a name",
        "with the middle name Thị counts as a woman's, with Văn as a man's, any other by the",
        "share of Thị and Văn among the carriers of its given name (at least two), else by",
        "the repository's boy_one_word.txt and girl_one_word.txt, else half to each sex; the",
        "counts are therefore fractional, and a man's middle name before a given name both",
        "sexes carry (Đức, Tuấn before Anh) is partly counted as a woman's. Only counts of",
        "single name parts are kept, never a full name. Each table keeps its commonest names",
        "up to 95 % of its mass; the rest is its tail, names drawn evenly with the mass they",
        "had together.",
        "",
        f"Persons counted: men {persons['M']:.0f}, women {persons['F']:.0f}.",
        '"""',
        "",
        "# fmt: off",
    ]

    def table(title: str, counters: dict[str, Counter[str]]) -> None:
        lines.append(f"{title} = {{")
        for sex in ("M", "F"):
            head, tail, mass = split(counters[sex])
            lines.append(f'    "{sex}": {{')
            lines.append('        "head": {')
            lines.extend(wrap([f'"{n}": {c!r}' for n, c in head.items()]))
            lines.append("        },")
            lines.append('        "tail": (')
            lines.extend(wrap([f'"{n}"' for n in tail]))
            lines.append("        ),")
            lines.append(f'        "tail_mass": {mass!r},')
            lines.append("    },")
        lines.append("}")

    table("GIVEN", given_of)
    table("MIDDLE", middle_of)
    table("SECOND_MIDDLE", second_of)
    lines.append("# Share of persons with two middle names.")
    share = {sex: round(two[sex] / persons[sex], 3) for sex in ("M", "F")}
    lines.append(f'TWO_MIDDLE = {{"M": {share["M"]}, "F": {share["F"]}}}')
    lines.append("# fmt: on")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: men {persons['M']:.0f}, women {persons['F']:.0f}, share {share}")
    for sex in ("M", "F"):
        for title, counters in (("given", given_of), ("middle", middle_of)):
            head, tail, _ = split(counters[sex])
            total = sum(counters[sex].values())
            top = ", ".join(f"{n} {c / total:.1%}" for n, c in list(head.items())[:8])
            print(f"  {sex} {title}: {len(head)} names to 95 %, tail {len(tail)}; {top}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
