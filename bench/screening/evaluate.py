"""Evaluate the job-offer check honestly, against plain baselines, in one run.

    uv run python bench/screening/evaluate.py [--dev path/to/job_offers_dev.jsonl] [--no-cv]

What is measured, on what:

- **test part** of the corpus (``data/corpus/split.tsv``, a fifth of the posts split off
  by a salted hash before any training; neither training nor rule-writing reads it):
  macro-F1, lure precision and recall, calibration of ``risk`` (Brier score, expected
  calibration error), and the same per group: language, informal vs formal, length,
  Vietnamese with or without diacritics;
- **cross-validation** on the training part (5 folds grouped by template, the folds
  training uses): the engine and the baselines on the same folds;
- **dev set** ``../shared/data/job_offers_dev.jsonl`` (posts written by others; read
  only here, never trained on).

Baselines, trained on the same training part in the same run: a keyword list;
scikit-learn TF-IDF (word 1-2 grams) + LogisticRegression; TF-IDF (character 2-5 grams)
+ LogisticRegression.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline, make_pipeline

from ctip.screening.engine import assess
from ctip.screening.engine.corpus import SEED, Example, held_out_examples, training_examples
from ctip.screening.engine.text import FOLD_TABLE, fold
from ctip.screening.engine.train import FOLDS, C, _group, design_matrix, out_of_fold_scores
from ctip.screening.engine.types import CATEGORIES

# ../shared/data beside the checkout (worktrees sit one level deeper than the main one).
DEV = next(
    (
        parent / "shared" / "data" / "job_offers_dev.jsonl"
        for parent in Path(__file__).resolve().parents
        if (parent / "shared" / "data" / "job_offers_dev.jsonl").exists()
    ),
    Path("shared") / "data" / "job_offers_dev.jsonl",
)
LABELS = list(CATEGORIES)

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


def word_tfidf() -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        LogisticRegression(C=10.0, max_iter=5000, class_weight="balanced"),
    )


def char_tfidf() -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        LogisticRegression(C=10.0, max_iter=5000, class_weight="balanced"),
    )


def scores(gold: list[str], pred: list[str]) -> str:
    macro = f1_score(gold, pred, labels=LABELS, average="macro", zero_division=0)
    p = precision_score(gold, pred, labels=["trafficking_lure"], average="macro", zero_division=0)
    r = recall_score(gold, pred, labels=["trafficking_lure"], average="macro", zero_division=0)
    harmful_gold = [g != "legitimate" for g in gold]
    harmful_pred = [q != "legitimate" for q in pred]
    flagged_legit = sum(p and not g for g, p in zip(harmful_gold, harmful_pred, strict=True))
    legit = max(1, harmful_gold.count(False))
    return (
        f"macro-F1 {macro:.3f}  lure P {p:.3f} R {r:.3f}  "
        f"legitimate flagged {flagged_legit}/{legit}"
    )


def calibration(gold: list[str], risk: list[float], bins: int = 10) -> str:
    y = np.array([g != "legitimate" for g in gold], dtype=float)
    p = np.array(risk)
    brier = float(np.mean((p - y) ** 2))
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges) - 1, 0, bins - 1)
    ece = sum(
        abs(p[which == b].mean() - y[which == b].mean()) * (which == b).sum() / len(p)
        for b in range(bins)
        if (which == b).any()
    )
    return f"risk: Brier {brier:.3f}, ECE {ece:.3f}, max {p.max():.3f}, min {p.min():.3f}"


def length_band(text: str) -> str:
    n = len(text)
    return "short (<120 chars)" if n < 120 else "medium (120-250)" if n <= 250 else "long (>250)"


def groups_of(example: Example) -> list[str]:
    out = [f"language {example.lang}", example.style, length_band(example.text)]
    if example.lang == "vi":
        bare = example.text.translate(FOLD_TABLE).lower() == example.text.lower()
        out.append("vi without diacritics" if bare else "vi with diacritics")
    out.append("template variant" if example.template else "written post")
    return out


def per_group(
    data: list[Example], predictions: dict[str, list[str]], printer: Callable[[str], None]
) -> None:
    names = sorted({g for e in data for g in groups_of(e)})
    for name in names:
        idx = [i for i, e in enumerate(data) if name in groups_of(e)]
        gold = [data[i].label for i in idx]
        printer(f"  {name} ({len(idx)} posts)")
        for method, pred in predictions.items():
            printer(f"    {method:<28} {scores(gold, [pred[i] for i in idx])}")


def cross_validate(train: list[Example], printer: Callable[[str], None]) -> None:
    texts = [e.text for e in train]
    y = np.array([CATEGORIES.index(e.label) for e in train])
    groups = [_group(e) for e in train]
    weights = np.array([1.0 if e.template else 2.0 for e in train])
    gold = [e.label for e in train]
    x = design_matrix(texts)
    engine_pred = [CATEGORIES[i] for i in out_of_fold_scores(x, y, groups, weights, C).argmax(1)]
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    baseline: dict[str, list[str]] = {"TF-IDF word + LR": [""] * len(train)}
    baseline["TF-IDF char + LR"] = [""] * len(train)
    for fit_idx, held_idx in folds.split(texts, y, groups):
        for name, make in (("TF-IDF word + LR", word_tfidf), ("TF-IDF char + LR", char_tfidf)):
            model = make().fit([texts[i] for i in fit_idx], [gold[i] for i in fit_idx])
            for i, label in zip(held_idx, model.predict([texts[i] for i in held_idx]), strict=True):
                baseline[name][i] = label
    printer(f"cross-validation on the training part ({len(train)} posts, {FOLDS} folds)")
    printer(f"  {'engine (rules + model)':<30} {scores(gold, engine_pred)}")
    for name, pred in baseline.items():
        printer(f"  {name:<30} {scores(gold, pred)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    args = parser.parse_args()
    train, test = training_examples(), held_out_examples()
    baselines = {
        "TF-IDF word + LR": word_tfidf().fit([e.text for e in train], [e.label for e in train]),
        "TF-IDF char + LR": char_tfidf().fit([e.text for e in train], [e.label for e in train]),
    }

    def evaluate(name: str, texts: list[str], gold: list[str], data: list[Example] | None) -> None:
        verdicts = [assess(t) for t in texts]
        predictions = {
            "engine (rules + model)": [v.category for v in verdicts],
            "keyword list": [keyword_baseline(t) for t in texts],
        }
        for method, model in baselines.items():
            predictions[method] = list(model.predict(texts))
        print(f"{name} ({len(texts)} posts)")
        for method, pred in predictions.items():
            print(f"  {method:<30} {scores(gold, pred)}")
        print(f"  engine {calibration(gold, [v.risk for v in verdicts])}")
        if data is not None:
            print("  by group:")
            per_group(data, predictions, print)

    print(f"training part: {len(train)} posts; test part: {len(test)} posts")
    evaluate("test part of the corpus", [e.text for e in test], [e.label for e in test], test)
    if not args.dev.exists():
        print(f"dev set not found at {args.dev}: give its path with --dev")
    else:
        rows = [json.loads(line) for line in args.dev.read_text("utf-8").splitlines() if line]
        evaluate(
            f"dev set {args.dev.name}", [r["text"] for r in rows], [r["label"] for r in rows], None
        )
    if not args.no_cv:
        cross_validate(train, print)


if __name__ == "__main__":
    main()
