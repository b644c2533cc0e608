"""Reads of proceedings, one function per screen, returning frozen dataclasses the pages
and the API both show. Every read of an investigation file is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ctip.cases.events import CasesEvent
from ctip.cases.ports import ProceedingsStage
from ctip.cooperation import selectors as cooperation_selectors
from ctip.core import audit
from ctip.core.models import AgencyType
from ctip.core.scope import get_visible, visible
from ctip.core.values import country_name
from ctip.proceedings import law
from ctip.proceedings.actions.cases import next_decisions
from ctip.proceedings.models import (
    Accused,
    Asset,
    AssetStatus,
    CaseDecision,
    CaseLink,
    Charge,
    CriminalCase,
    DecisionKind,
    Denunciation,
    DenunciationKind,
    FileShare,
    LinkKind,
    Measure,
    MeasureKind,
    Outcome,
    ProceduralRole,
    Resolution,
    SentenceKind,
    Sex,
    SourceKind,
    Stage,
    Victim,
    WitnessStatus,
)

if TYPE_CHECKING:
    from ctip.core.models import User

PAGE = 50


@dataclass(frozen=True)
class DenunciationRow:
    id: int
    reference: str
    kind: str
    received_on: dt.date
    due_on: dt.date
    extensions: int
    source: str
    resolution: str
    decided_on: dt.date | None
    overdue: bool
    decided_late: bool
    criminal_case_id: int | None
    open: bool  # not resolved yet, or suspended


def _denunciation_row(row: Denunciation, today: dt.date) -> DenunciationRow:
    return DenunciationRow(
        id=row.pk,
        reference=row.reference,
        kind=str(DenunciationKind(row.kind).label),
        received_on=row.received_on,
        due_on=row.due_on,
        extensions=row.extensions,
        source=str(SourceKind(row.source_kind).label),
        resolution=str(Resolution(row.resolution).label) if row.resolution else "",
        decided_on=row.decided_on,
        overdue=row.overdue(today),
        decided_late=row.decided_late,
        criminal_case_id=row.criminal_case_id,
        open=row.resolution in ("", Resolution.SUSPEND),
    )


def denunciations(actor: User, *, open_only: bool = False) -> list[DenunciationRow]:
    """The agency's denunciations, newest first (no summary: the list reads no person)."""
    rows = visible(Denunciation.objects.all(), actor, "proceedings.view")
    if open_only:
        rows = rows.filter(resolution__in=["", Resolution.SUSPEND])
    today = timezone.localdate()
    return [_denunciation_row(r, today) for r in rows.order_by("-received_on", "-pk")[:PAGE]]


@dataclass(frozen=True)
class DenunciationView:
    row: DenunciationRow
    summary: str
    reasons: str
    source_case_id: int | None
    source_call_id: int | None
    source_request_id: int | None
    source_reference: str
    received_by: str
    transferred_to: str
    resolve_source: str


def denunciation(actor: User, denunciation_id: int) -> DenunciationView:
    found = get_visible(
        Denunciation.objects.select_related("received_by", "transferred_to"),
        actor,
        "proceedings.view",
        pk=denunciation_id,
    )
    audit.record_read(actor, found, fields=["summary", "decision_note"])
    return DenunciationView(
        row=_denunciation_row(found, timezone.localdate()),
        summary=found.summary,
        reasons=found.decision_note,
        source_case_id=found.source_case_id,
        source_call_id=found.source_call_id,
        source_request_id=found.source_request_id,
        source_reference=found.source_reference,
        received_by=found.received_by.name,
        transferred_to=found.transferred_to.name if found.transferred_to else "",
        resolve_source=law.law().resolve_source,
    )


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    title: str
    stage: str
    agency_in_charge: str
    initiated_on: dt.date
    due_on: dt.date | None
    overdue: bool


def _case_row(row: CriminalCase, today: dt.date) -> CaseRow:
    return CaseRow(
        id=row.pk,
        reference=row.reference,
        title=row.title,
        stage=str(Stage(row.stage).label),
        agency_in_charge=row.agency_in_charge.name,
        initiated_on=row.initiated_on,
        due_on=row.due_on,
        overdue=row.overdue(today),
    )


def criminal_cases(actor: User, *, stage: str = "") -> list[CaseRow]:
    """The investigator's list: cases in scope newest first, one page; the read of their
    titles is recorded."""
    rows = visible(
        CriminalCase.objects.select_related("agency_in_charge"), actor, "proceedings.view"
    )
    if stage in Stage.values:
        rows = rows.filter(stage=stage)
    page = list(rows.order_by("-initiated_on", "-pk")[:PAGE])
    if page:
        with transaction.atomic():
            audit.record(
                CasesEvent.RECORDS_LISTED,
                actor=actor,
                fields=["title"],
                data={"criminal_cases": [r.pk for r in page]},
            )
    today = timezone.localdate()
    return [_case_row(r, today) for r in page]


@dataclass(frozen=True)
class DecisionView:
    kind: str
    decided_on: dt.date
    agency: str
    stage: str


@dataclass(frozen=True)
class ChargeView:
    id: int
    article: str
    clause: int | None
    act: str
    sentence: str
    months: int | None
    fine_vnd: int | None


@dataclass(frozen=True)
class MeasureView:
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None


@dataclass(frozen=True)
class AccusedView:
    id: int
    full_name: str
    birth_date: dt.date | None
    identity_number: str
    nationality: str
    nationality_name: str
    sex: str
    role: str
    outcome: str
    charges: tuple[ChargeView, ...]
    measures: tuple[MeasureView, ...]


@dataclass(frozen=True)
class VictimView:
    id: int
    protection_case_id: int | None
    sex: str
    under_16: bool
    child: bool  # under 18: a child victim, heard with the protections the law gives them
    witness_status: str
    protection_measures: tuple[str, ...]
    legal_aid: bool
    compensation_ordered_vnd: int | None
    compensation_paid_vnd: int | None


@dataclass(frozen=True)
class LinkView:
    kind: str
    ref: str


@dataclass(frozen=True)
class AssetView:
    description: str
    amount_vnd: int
    status: str
    status_on: dt.date
    returned_to_id: int | None
    id: int
    status_code: str
    history: tuple[tuple[str, dt.date], ...]  # (status, since), oldest first


@dataclass(frozen=True)
class CaseFile:
    row: CaseRow
    stage_code: str
    seriousness: str
    initiating_agency: str
    stage_began_on: dt.date
    limit_source: str
    version: int
    next_decisions: tuple[str, ...]
    decisions: tuple[DecisionView, ...]
    accused: tuple[AccusedView, ...]
    victims: tuple[VictimView, ...]
    links: tuple[LinkView, ...]
    assets: tuple[AssetView, ...]
    origin_id: int | None
    shared_with: tuple[tuple[int, str], ...]  # (agency id, name) of the open shares
    # Joint investigations with counterparts abroad the reader's agency takes part in.
    joints: tuple[cooperation_selectors.JointRow, ...]


FILE_FIELDS = ["title", "full_name", "birth_date", "identity_number", "act", "description"]


def case_file(actor: User, case_id: int) -> CaseFile:
    """The investigation file: only the agencies in charge, those above them and those it
    is shared with; the read is recorded."""
    found = get_visible(
        CriminalCase.objects.select_related("agency_in_charge", "initiating_agency"),
        actor,
        "proceedings.view",
        pk=case_id,
    )
    audit.record_read(actor, found, fields=FILE_FIELDS)
    charges: dict[int, list[ChargeView]] = {}
    for c in Charge.objects.filter(case=found):
        charges.setdefault(c.accused_id, []).append(
            ChargeView(
                id=c.pk,
                article=law.article(c.article).label if law.article(c.article) else c.article,  # type: ignore[union-attr]
                clause=c.clause,
                act=c.act,
                sentence=str(SentenceKind(c.sentence_kind).label) if c.sentence_kind else "",
                months=c.sentence_months,
                fine_vnd=c.fine_vnd,
            )
        )
    measures: dict[int, list[MeasureView]] = {}
    for m in Measure.objects.filter(case=found):
        measures.setdefault(m.accused_id, []).append(
            MeasureView(str(MeasureKind(m.kind).label), m.starts_on, m.ends_on)
        )
    limit = found.limit
    origin = Denunciation.objects.filter(criminal_case=found).values_list("pk", flat=True).first()
    return CaseFile(
        row=_case_row(found, timezone.localdate()),
        stage_code=found.stage,
        seriousness=found.get_seriousness_display(),
        initiating_agency=found.initiating_agency.name,
        stage_began_on=found.stage_began_on,
        limit_source=law.law().stage_sources.get(limit, "") if limit else "",
        version=found.version,
        next_decisions=tuple(next_decisions(found)),
        decisions=tuple(
            DecisionView(
                str(DecisionKind(d.kind).label),
                d.decided_on,
                d.agency.name,
                str(Stage(d.to_stage).label),
            )
            for d in CaseDecision.objects.filter(case=found).select_related("agency")
        ),
        accused=tuple(
            AccusedView(
                id=a.pk,
                full_name=a.full_name,
                birth_date=a.birth_date,
                identity_number=a.identity_number,
                nationality=a.nationality,
                nationality_name=country_name(a.nationality),
                sex=str(Sex(a.sex).label),
                role=str(ProceduralRole(a.role).label),
                outcome=str(Outcome(a.outcome).label),
                charges=tuple(charges.get(a.pk, [])),
                measures=tuple(measures.get(a.pk, [])),
            )
            for a in Accused.objects.filter(case=found)
        ),
        victims=tuple(
            VictimView(
                id=v.pk,
                protection_case_id=v.protection_case_id,
                sex=str(Sex(v.sex).label),
                under_16=v.under_16,
                child=v.under_18,
                witness_status=str(WitnessStatus(v.witness_status).label),
                protection_measures=tuple(v.protection_measures),
                legal_aid=v.legal_aid,
                compensation_ordered_vnd=v.compensation_ordered_vnd,
                compensation_paid_vnd=v.compensation_paid_vnd,
            )
            for v in Victim.objects.filter(case=found)
        ),
        links=tuple(
            LinkView(str(LinkKind(link.kind).label), link.ref)
            for link in CaseLink.objects.filter(case=found)
        ),
        assets=tuple(
            AssetView(
                a.description,
                a.amount_vnd,
                str(AssetStatus(a.status).label),
                a.status_on,
                a.returned_to_id,
                a.pk,
                a.status,
                tuple((str(AssetStatus(h.status).label), h.status_on) for h in a.history.all()),
            )
            for a in Asset.objects.filter(case=found).prefetch_related("history")
        ),
        origin_id=origin,
        shared_with=tuple(
            (share.agency_id, share.agency.name)
            for share in FileShare.objects.filter(case=found, revoked_at__isnull=True)
            .select_related("agency")
            .order_by("pk")
        ),
        joints=cooperation_selectors.joints_of_case(actor, found.pk),
    )


AGENCY_KINDS = {
    AgencyType.POLICE.value: AgencyType.POLICE.label,
    AgencyType.BORDER_GUARD.value: AgencyType.BORDER_GUARD.label,
    AgencyType.PROCURACY.value: AgencyType.PROCURACY.label,
    AgencyType.COURT.value: AgencyType.COURT.label,
}


def stages_for_protection_case(actor: User, protection_case_id: int) -> list[ProceedingsStage]:
    """``ctip.cases.ports.ProceedingsStages``: for a protection case the actor already
    reads, where each criminal case naming its victim stands. The stage, the kind of
    agency in charge and the date only: nothing of the investigation file."""
    rows = (
        CriminalCase.objects.filter(victims__protection_case_id=protection_case_id)
        .select_related("agency_in_charge")
        .distinct()
        .order_by("initiated_on", "pk")
    )
    return [
        ProceedingsStage(
            reference=r.reference,
            stage=str(Stage(r.stage).label),
            agency_kind=str(AGENCY_KINDS.get(r.agency_in_charge.type, r.agency_in_charge.type)),
            since=r.stage_began_on,
        )
        for r in rows
    ]
