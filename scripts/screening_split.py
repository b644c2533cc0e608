"""Write the screening corpus's train/test split to ``data/corpus/split.tsv``.

    uv run python scripts/screening_split.py

The split is a salted hash of each post (``ctip.screening.engine.corpus.part``), so it
does not depend on the model, the rules or the order of the files; this file records it
so that a change to the corpus shows in review as a change to the split.
"""

from __future__ import annotations

from ctip.screening.engine.corpus import SPLIT_PATH, split_rows

HEADER = "# key (sha256 of the split key, 16 hex)\tpart\texample id"


def main() -> None:
    rows = split_rows()
    SPLIT_PATH.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    tests = sum(1 for row in rows if "\ttest\t" in row)
    print(f"{len(rows)} examples, {tests} in the test part -> {SPLIT_PATH}")


if __name__ == "__main__":
    main()
