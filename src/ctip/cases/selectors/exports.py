"""What leaves the platform as a file: the CTDC microdata of identified victims."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ctip.cases.export import ctdc_export
from ctip.core.models import User


@dataclass(frozen=True)
class CtdcFile:
    """The k-anonymous rows and what was generalised and suppressed to make them so."""

    k: int
    total: int
    suppressed: int
    generalised: Mapping[str, str]
    rows: tuple[Mapping[str, str], ...]


def ctdc_file(actor: User, *, k: int) -> CtdcFile:
    """The CTDC microdata the actor may export (``stats.export``; the export is audited)."""
    rows, report = ctdc_export(actor, k=k)
    return CtdcFile(
        k=report.k,
        total=report.total,
        suppressed=report.suppressed,
        generalised=dict(report.generalised),
        rows=tuple(rows),
    )
