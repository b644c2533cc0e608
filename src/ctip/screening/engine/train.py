"""Rebuild the model from the corpus, reproducibly (exposed as ``ctip screening train``).

Fixed seeds, a deterministic solver and a byte-stable file format mean the same corpus
gives the same ``model.bin`` byte for byte. Only the training part of the corpus is
read (``corpus.training_examples``); the test part is left to
``bench/screening/evaluate.py``. Calibration is fitted on out-of-fold scores from folds
grouped by template, so variants of one template never sit on both sides of a split
and the probabilities are not overconfident.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold

from .assess import analyse
from .corpus import SEED, Example, training_examples
from .features import N_FEATURES, Features
from .model import MODEL_PATH, Model, save
from .types import CATEGORIES

C = 10.0
HANDWRITTEN_WEIGHT = 2.0
FOLDS = 5


@dataclass(frozen=True, slots=True)
class TrainReport:
    path: Path
    examples: int
    by_label: dict[str, int]
    cv_macro_f1: float
    size_bytes: int


def features_of(text: str) -> Features:
    return analyse(text).features


def design_matrix(texts: list[str]) -> sparse.csr_matrix:
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for i, text in enumerate(texts):
        f = features_of(text)
        idx = np.concatenate([f.hashed, np.asarray(f.dense, dtype=np.int64)])
        val = np.concatenate([np.full(len(f.hashed), f.scale), np.ones(len(f.dense))])
        rows.append(np.full(len(idx), i))
        cols.append(idx)
        vals.append(val)
    matrix = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(texts), N_FEATURES),
    )
    matrix.sum_duplicates()
    return matrix


def _classifier(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, tol=1e-6)


def _group(example: Example) -> str:
    # Variants of one template form one group; each hand-written example its own.
    return example.template or example.id


def out_of_fold_scores(
    x: sparse.csr_matrix, y: np.ndarray, groups: list[str], weights: np.ndarray, c: float
) -> np.ndarray:
    scores = np.zeros((x.shape[0], len(CATEGORIES)))
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for fit_idx, held_idx in folds.split(x, y, groups):
        clf = _classifier(c).fit(x[fit_idx], y[fit_idx], sample_weight=weights[fit_idx])
        scores[held_idx] = clf.decision_function(x[held_idx])
    return scores


def train(output: Path = MODEL_PATH, data: list[Example] | None = None) -> TrainReport:
    """Fit, calibrate and write the model; ``data`` defaults to the corpus's training part."""
    data = training_examples() if data is None else data
    texts = [e.text for e in data]
    y = np.array([CATEGORIES.index(e.label) for e in data])
    groups = [_group(e) for e in data]
    weights = np.array([1.0 if e.template else HANDWRITTEN_WEIGHT for e in data])
    x = design_matrix(texts)

    oof = out_of_fold_scores(x, y, groups, weights, C)
    cv_f1 = float(f1_score(y, oof.argmax(axis=1), average="macro"))
    calibrator = LogisticRegression(C=1.0, max_iter=5000, tol=1e-8).fit(oof, y)

    final = _classifier(C).fit(x, y, sample_weight=weights)
    model = Model(
        classes=CATEGORIES,
        weights=np.ascontiguousarray(final.coef_.T, dtype=np.float32),
        bias=final.intercept_.astype(np.float64),
        cal_weights=calibrator.coef_.T.astype(np.float64),
        cal_bias=calibrator.intercept_.astype(np.float64),
        info={
            "c": C,
            "corpus_examples": len(data),
            "cv_macro_f1": round(cv_f1, 4),
            "folds": FOLDS,
            "seed": SEED,
        },
    )
    save(model, output)
    return TrainReport(
        path=output,
        examples=len(data),
        by_label=dict(sorted(Counter(e.label for e in data).items())),
        cv_macro_f1=cv_f1,
        size_bytes=output.stat().st_size,
    )
