"""The cases engine's words are core's :class:`~ctip.core.engine.labels.Label`: an English
message id and the values of its placeholders, translated by the Django layer."""

from __future__ import annotations

from ctip.core.engine.labels import Label

__all__ = ["Label"]
