"""Evaluate the engine on the labelled dev set against two baselines, in one run.

    uv run python bench/screening/evaluate.py [path/to/job_offers_dev.jsonl]

Baselines: (a) a naive keyword list, (b) scikit-learn TF-IDF + LogisticRegression
trained on the same corpus as the engine. The dev set is only read here, never trained on.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.pipeline import make_pipeline

from ctip.screening.engine import assess
from ctip.screening.engine.corpus import examples
from ctip.screening.engine.text import fold

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "job_offers_dev.jsonl"
LABELS = ["trafficking_lure", "job_scam", "legitimate"]

LURE_WORDS = (
    "viec nhe luong cao",
    "campuchia",
    "cambodia",
    "myanmar",
    "lao",
    "casino",
    "bao an o",
    "easy job",
    "high pay",
    "free flight",
    "sihanoukville",
)
SCAM_WORDS = ("phi", "dat coc", "nhiem vu", "hoa hong", "fee", "deposit", "task", "ctv")


def keyword_baseline(text: str) -> str:
    folded = fold(text).folded
    if any(w in folded for w in LURE_WORDS):
        return "trafficking_lure"
    if any(w in folded for w in SCAM_WORDS):
        return "job_scam"
    return "legitimate"


def report(name: str, gold: list[str], pred: list[str]) -> None:
    macro = f1_score(gold, pred, labels=LABELS, average="macro", zero_division=0)
    p = precision_score(gold, pred, labels=["trafficking_lure"], average="macro", zero_division=0)
    r = recall_score(gold, pred, labels=["trafficking_lure"], average="macro", zero_division=0)
    print(f"{name:<34} macro-F1 {macro:.3f}   lure precision {p:.3f}   lure recall {r:.3f}")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    gold = [r["label"] for r in rows]
    texts = [r["text"] for r in rows]
    corpus = list(examples())
    tfidf = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        LogisticRegression(C=10.0, max_iter=5000, class_weight="balanced"),
    ).fit([e.text for e in corpus], [e.label for e in corpus])

    print(f"dev set: {path} ({len(rows)} posts); training corpus: {len(corpus)} examples")
    report("engine (rules + calibrated model)", gold, [assess(t).category for t in texts])
    report("baseline: keyword list", gold, [keyword_baseline(t) for t in texts])
    report("baseline: TF-IDF + LogisticRegression", gold, list(tfidf.predict(texts)))
    targets = "targets: macro-F1 >= 0.85; lure recall >= 0.90 at precision >= 0.85"
    print(targets)


if __name__ == "__main__":
    main()
