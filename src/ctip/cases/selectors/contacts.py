"""Contacts named in the person's account, and the cases naming a contact."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ctip.cases.models import (
    Case,
    CaseIndicator,
)
from ctip.core.crypto import blind_index
from ctip.core.models import User
from ctip.core.scope import get_visible
from ctip.intel import selectors as intel_selectors
from ctip.intel.engine import Indicator as EngineIndicator
from ctip.intel.engine import InvalidIndicator


@dataclass(frozen=True)
class CaseMention:
    case_id: int
    reference: str  # the case reference shown on its page; "" when not visible to the actor
    lead_agency: str  # the lead agency's name
    visible: bool  # whether the actor may open the case


def cases_naming(actor: User, kind: str, key: str) -> list[CaseMention]:
    """Cases whose person's account names the indicator (kind, canonical key as stored on
    ctip.intel Indicator.key)."""
    index = blind_index("case_indicator", f"{kind}:{key}")
    rows = (
        Case.objects.filter(
            pk__in=CaseIndicator.objects.filter(
                ref_index=index, kind=kind, removed_at__isnull=True
            ).values("case_id")
        )
        .select_related("lead_agency")
        .order_by("-intake_date", "-pk")
    )
    found = list(rows[:200])
    seen: set[int] = set()
    if found and actor.is_authenticated and actor.has_ctip_perm("cases.view_case"):
        seen = set(
            Case.objects.filter(Case.scope_q(actor), pk__in=[c.pk for c in found]).values_list(
                "pk", flat=True
            )
        )
    return [
        CaseMention(
            case_id=c.pk,
            reference=c.reference if c.pk in seen else "",
            lead_agency=c.lead_agency.name,
            visible=c.pk in seen,
        )
        for c in found
    ]


@dataclass(frozen=True)
class NetworkRef:
    id: str
    size: int


@dataclass(frozen=True)
class IndicatorView:
    """A contact recorded on a case, with what scam reports say of it."""

    id: int
    kind: str
    display: str
    note: str
    reports: int  # scam reports naming it, all agencies (what the public lookup says too)
    networks: list[NetworkRef]  # its scam networks the actor may open (intel.view_reports)
    other_cases: int  # other cases naming it, any agency
    added_by: str
    created_at: dt.datetime

    @property
    def kind_label(self) -> str:
        from ctip.cases.models import IndicatorKind

        return str(IndicatorKind(self.kind).label)


def _canonical(row: CaseIndicator) -> EngineIndicator | None:
    try:
        return row.canonical
    except (InvalidIndicator, ValueError, KeyError):
        return None


def _typed(row: CaseIndicator) -> str:
    try:
        return str(json.loads(row.account).get("value", ""))
    except ValueError:
        return ""


def case_indicators(actor: User, found: Case) -> list[IndicatorView]:
    """The case's recorded contacts, each with its count of scam reports and networks."""
    rows = list(
        CaseIndicator.objects.filter(case=found, removed_at__isnull=True).select_related("added_by")
    )
    if not rows:
        return []
    canon = {row.pk: _canonical(row) for row in rows}
    known = {
        str(k["ref"]): int(k["reports"])  # type: ignore[call-overload]
        for k in intel_selectors.known([c for c in canon.values() if c is not None])
    }
    networks: dict[str, list[NetworkRef]] = {}
    if actor.has_ctip_perm("intel.view_reports"):
        for listed in {c for c in canon.values() if c is not None and known.get(c.ref)}:
            ids = (
                intel_selectors.reports(actor)
                .filter(indicators__kind=listed.kind, indicators__key=listed.key)
                .exclude(cluster__isnull=True)
                .order_by()
                .values_list("cluster_id", flat=True)
                .distinct()[:5]
            )
            networks[listed.ref] = [
                NetworkRef(c.pk, c.size)
                for c in intel_selectors.clusters(actor, networks_only=False).filter(
                    pk__in=list(ids)
                )
            ]
    others: dict[str, int] = {}
    for row in rows:
        others[row.ref_index] = (
            CaseIndicator.objects.filter(ref_index=row.ref_index, removed_at__isnull=True)
            .exclude(case=found)
            .values("case_id")
            .distinct()
            .count()
        )
    views = []
    for row in rows:
        indicator = canon[row.pk]
        views.append(
            IndicatorView(
                id=row.pk,
                kind=row.kind,
                display=indicator.display if indicator else _typed(row),
                note=row.note,
                reports=known.get(indicator.ref, 0) if indicator else 0,
                networks=networks.get(indicator.ref, []) if indicator else [],
                other_cases=others[row.ref_index],
                added_by=row.added_by.username,
                created_at=row.created_at,
            )
        )
    return views


def case_indicator(actor: User, indicator_id: int) -> CaseIndicator:
    return get_visible(
        CaseIndicator.objects.select_related("case"), actor, "cases.view_case", pk=indicator_id
    )
