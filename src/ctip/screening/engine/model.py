"""The linear model and its calibration: load, save, score.

File format (``data/model.bin``), chosen so that the same training gives the same bytes
and loading is one read: the magic ``CTIPSCR1``, a little-endian uint32 header length,
a JSON header (sorted keys: classes, feature layout, bias, calibration, provenance),
then the weights as little-endian float32, one row of three per feature.
"""

from __future__ import annotations

import itertools
import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .features import DENSE_NAMES, HASH_BITS, N_FEATURES, Features
from .lexicon import DATA_DIR

MAGIC = b"CTIPSCR1"
MODEL_PATH = DATA_DIR / "model.bin"


class ModelError(RuntimeError):
    """The model file is missing, corrupt, or built for other features."""


@dataclass(frozen=True, slots=True)
class Model:
    classes: tuple[str, ...]
    weights: np.ndarray  # (N_FEATURES, n_classes) float32
    bias: np.ndarray  # (n_classes,)
    # Calibration maps raw scores s to softmax(s @ cal_weights + cal_bias), fitted on
    # cross-validated scores so the probabilities mean what they say.
    cal_weights: np.ndarray  # (n_classes, n_classes)
    cal_bias: np.ndarray  # (n_classes,)
    info: dict[str, Any]
    # The weights per class as float64 rows: one gather per class reads contiguous
    # memory and needs no cast before summing (6 MB, against 3 MB in the file).
    _by_class: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_by_class", np.ascontiguousarray(self.weights.T, dtype=np.float64)
        )

    def calibrated_logits(self, batch: Sequence[Features]) -> np.ndarray:
        """The calibrated logits of each post, one row per post.

        Scoring a post costs a dozen numpy calls whatever its length, more than the
        gather itself; scoring many posts at once pays them once. Each post's hashed
        and dense weights are summed in order by ``bincount``, so a post gets the same
        scores alone or among others.
        """
        n = len(batch)
        if n == 0:
            return np.zeros((0, len(self.classes)))
        lengths = np.fromiter(
            itertools.chain(
                (len(features.hashed) for features in batch),
                (len(features.dense) for features in batch),
            ),
            dtype=np.int64,
            count=2 * n,
        )
        dense = itertools.chain.from_iterable(features.dense for features in batch)
        index = np.concatenate(
            [*(features.hashed for features in batch), np.fromiter(dense, dtype=np.int64)]
        )
        # Segment i is post i's hashed part, segment n + i its dense part.
        segment = np.repeat(np.arange(2 * n), lengths)
        scale = np.fromiter((features.scale for features in batch), dtype=np.float64, count=n)
        return self.scores(index, segment, scale)

    def scores(self, index: np.ndarray, segment: np.ndarray, scale: np.ndarray) -> np.ndarray:
        """The calibrated logits of n posts from their indices, one row per post.

        ``segment`` gives each index its post's number among the n, or n plus that
        for a dense column; ``scale`` is each post's ``Features.scale``. A post's
        weights are summed in the order of its indices.
        """
        n = len(scale)
        sums = np.stack(
            [
                np.bincount(segment, weights=row.take(index), minlength=2 * n)
                for row in self._by_class
            ],
            axis=1,
        )
        raw = self.bias + sums[:n] * scale[:, None] + sums[n:]
        # Term by term, not ``raw @ cal_weights``: a matrix product may take another
        # kernel (and round otherwise) for one row than for many, on some processors, and
        # a post's score must not depend on the posts beside it.
        calibrated = raw[:, :1] * self.cal_weights[0]
        for k in range(1, len(self.cal_weights)):
            calibrated += raw[:, k : k + 1] * self.cal_weights[k]
        return calibrated + self.cal_bias


def softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis (the classes)."""
    z = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def save(model: Model, path: Path = MODEL_PATH) -> None:
    header = {
        "bias": [float(x) for x in model.bias],
        "cal_bias": [float(x) for x in model.cal_bias],
        "cal_weights": [[float(x) for x in row] for row in model.cal_weights],
        "classes": list(model.classes),
        "dense_names": list(DENSE_NAMES),
        "hash_bits": HASH_BITS,
        "info": model.info,
    }
    head = json.dumps(header, sort_keys=True, ensure_ascii=False).encode()
    body = np.ascontiguousarray(model.weights, dtype="<f4").tobytes()
    path.write_bytes(MAGIC + struct.pack("<I", len(head)) + head + body)


def load(path: Path = MODEL_PATH) -> Model:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelError(
            f"Cannot read the screening model at {path}: {exc}. Rebuild it with "
            "`ctip screening train`."
        ) from exc
    if raw[: len(MAGIC)] != MAGIC:
        raise ModelError(f"{path} is not a screening model file.")
    (head_len,) = struct.unpack_from("<I", raw, len(MAGIC))
    start = len(MAGIC) + 4
    header = json.loads(raw[start : start + head_len])
    if header["hash_bits"] != HASH_BITS or header["dense_names"] != list(DENSE_NAMES):
        raise ModelError(
            f"{path} was built for other features; rebuild it with `ctip screening train`."
        )
    n_classes = len(header["classes"])
    weights = np.frombuffer(raw, dtype="<f4", offset=start + head_len)
    if weights.size != N_FEATURES * n_classes:
        raise ModelError(f"{path} is truncated.")
    return Model(
        classes=tuple(header["classes"]),
        weights=weights.reshape(N_FEATURES, n_classes),
        bias=np.asarray(header["bias"], dtype=np.float64),
        cal_weights=np.asarray(header["cal_weights"], dtype=np.float64),
        cal_bias=np.asarray(header["cal_bias"], dtype=np.float64),
        info=header["info"],
    )


@cache
def default_model() -> Model:
    """The shipped model, loaded once per process."""
    return load(MODEL_PATH)
