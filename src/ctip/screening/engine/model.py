"""The linear model and its calibration: load, save, score.

File format (``data/model.bin``), chosen so that the same training gives the same bytes
and loading is one read: the magic ``CTIPSCR1``, a little-endian uint32 header length,
a JSON header (sorted keys: classes, feature layout, bias, calibration, provenance),
then the weights as little-endian float32, one row of three per feature.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
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

    def raw_scores(self, features: Features) -> np.ndarray:
        w = self.weights
        scores = self.bias.astype(np.float64)
        if len(features.hashed):
            scores = scores + w[features.hashed].sum(axis=0, dtype=np.float64) * features.scale
        if features.dense:
            scores = scores + w[list(features.dense)].sum(axis=0, dtype=np.float64)
        return scores

    def calibrated_logits(self, features: Features) -> np.ndarray:
        return self.raw_scores(features) @ self.cal_weights + self.cal_bias


def softmax(logits: np.ndarray) -> np.ndarray:
    z = np.exp(logits - logits.max())
    return z / z.sum()


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
