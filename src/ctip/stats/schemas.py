from __future__ import annotations

from enum import StrEnum

from ninja import Schema

from ctip.core.figures import DIMENSIONS
from ctip.stats.models import Method

Dimension = StrEnum("Dimension", {k: k for k in DIMENSIONS})  # type: ignore[misc]
MethodIn = StrEnum("MethodIn", {m.value: m.value for m in Method})  # type: ignore[misc]


class CellOut(Schema):
    categories: list[str | None]
    value: int | None
    status: str
    accuracy: float | None = None


class LineOut(Schema):
    category: str | None
    label: str
    total: int | None
    previous: int | None
    year_earlier: int | None
    change_previous: str
    change_year: str


class TableOut(Schema):
    indicator: str
    indicator_label: str
    unit: str
    period_start: str
    period_end: str
    breakdowns: list[str]
    threshold: int
    suppressed: int
    cells: list[CellOut]
    lines: list[LineOut]


class ReleaseIn(Schema):
    indicator: str
    period: str
    breakdowns: list[Dimension] = []
    method: MethodIn
    title: str = ""
    epsilon: float | None = None


class ReleaseOut(Schema):
    id: int
    reference: str
    title: str
    dataset: str
    period_start: str
    period_end: str
    breakdowns: list[str]
    method: str
    parameters: dict[str, float | int]
    content_hash: str
    published_at: str
    cells: list[CellOut]
