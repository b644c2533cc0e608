"""Scoped reads of the cases app. Opening a person's record is an audit event."""

from __future__ import annotations

import datetime as dt
import heapq
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ctip.cases import documents, duplicates
from ctip.cases.engine.non_punishment import (
    Coercion,
    ForcedAct,
    ForcedActRecord,
    build_note,
    render_note,
)
from ctip.cases.engine.questionnaire import load_questionnaire
from ctip.cases.engine.support import SupportType
from ctip.cases.engine.workflow import CaseStatus
from ctip.cases.labels import label
from ctip.cases.models import (
    Case,
    CaseDocument,
    CaseHandover,
    CaseIndicator,
    CaseShare,
    FollowUp,
    IdentificationDecision,
    NonPunishmentStatement,
    Person,
    PersonLink,
    Referral,
    ScreeningInterview,
    ServiceDelivery,
    ServiceProvider,
)
from ctip.core import audit
from ctip.core.crypto import blind_index
from ctip.core.models import AuditEvent, User
from ctip.core.scope import get_visible, visible
from ctip.intel import selectors as intel_selectors
from ctip.intel.engine import Indicator as EngineIndicator
from ctip.intel.engine import InvalidIndicator

# Health details are sensitive (cases.view_sensitive): deliveries of these types show only
# that support was given, not which.
HEALTH_SUPPORT = {SupportType.MEDICAL_CARE.value, SupportType.PSYCHOLOGICAL_SUPPORT.value}
PERSON_READ_FIELDS = (
    "full_name",
    "other_names",
    "identity_number",
    "phone",
    "addresses",
    "birth_date",
    "home_commune",
)


def cases(
    actor: User, *, mine: bool = False, status: str = "", open_only: bool = False
) -> QuerySet[Case]:
    rows = visible(Case.objects.all(), actor, "cases.view_case").select_related(
        "person", "lead_agency", "assigned_worker"
    )
    if mine:
        rows = rows.filter(assigned_worker=actor)
    if status:
        rows = rows.filter(status=status)
    if open_only:
        rows = rows.exclude(status="closed")
    overdue = FollowUp.objects.filter(
        case=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate()
    )
    return rows.annotate(has_overdue=Exists(overdue)).order_by("-intake_date", "-pk")


OPEN_STATUSES = [s.value for s in CaseStatus if s is not CaseStatus.CLOSED]


class AgencyCases(Sequence[Case]):
    """The cases an agency sees, newest first, paged without the scope's ``OR``.

    ``Case.scope_q`` is an ``OR`` of the lead agency and two subqueries (open referrals,
    shares), which no index serves: PostgreSQL scans every case. This walks the cases the
    actor's agencies lead through the (lead agency, intake date desc, id desc) index, one
    agency of the lineage at a time, stopping after the page; the cases referred or shared
    to them come from the referral and share tables (few), and the two streams are
    merged in the same order. The same rows as ``cases(actor)``, in the same order.
    Paginator-compatible: ``count()`` and slicing.
    """

    def __init__(self, actor: User, *, status: str = "", open_only: bool = False) -> None:
        from ctip.cases.models import lineage

        if not actor.is_authenticated or not actor.has_ctip_perm("cases.view_case"):
            raise PermissionDenied("cases.view_case")
        self.actor = actor
        self.lineage = lineage(actor)
        self.status = status
        self.open_only = open_only
        self._count: int | None = None
        self._extra: list[tuple[dt.date, int]] | None = None

    def _filtered(self, rows: QuerySet[Case]) -> QuerySet[Case]:
        if self.status:
            rows = rows.filter(status=self.status)
        if self.open_only:
            # An IN list, not "<> closed": the (lead agency, status, ...) index then
            # answers the count without visiting the closed cases (6x faster on PostgreSQL).
            rows = rows.filter(status__in=OPEN_STATUSES)
        return rows

    def _led(self) -> QuerySet[Case]:
        return self._filtered(Case.objects.filter(lead_agency_id__in=self.lineage))

    def _extras(self) -> list[tuple[dt.date, int]]:
        """(intake date, id) of cases referred or shared to the actor's own agency that its
        lineage does not lead, newest first. Each set is read on its own: an ``OR`` would bring the
        full scan back."""
        if self._extra is None:
            # Exactly the actor's agency: see ``Case.scope_q``.
            open_referrals = Referral.objects.filter(
                provider__agency_id=self.actor.agency_id, status__in=["sent", "accepted"]
            ).values("case_id")
            shares = CaseShare.objects.filter(
                agency_id=self.actor.agency_id, revoked_at__isnull=True
            ).values("case_id")
            handed = CaseHandover.reading(self.actor)
            found: set[tuple[dt.date, int]] = set()
            for ids in (open_referrals, shares, handed):
                found.update(
                    self._filtered(Case.objects.filter(pk__in=ids))
                    .exclude(lead_agency_id__in=self.lineage)
                    .values_list("intake_date", "pk")
                )
            self._extra = sorted(found, reverse=True)
        return self._extra

    def count(self) -> int:  # type: ignore[override]
        if self._count is None:
            self._count = self._led().count() + len(self._extras())
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _keys(self, stop: int) -> list[tuple[dt.date, int]]:
        """The first ``stop`` (intake date, id) keys of the merged list."""
        keys: list[tuple[dt.date, int]] = list(self._extras()[:stop])
        for agency_id in self.lineage:
            keys += (
                self._filtered(Case.objects.filter(lead_agency_id=agency_id))
                .order_by("-intake_date", "-pk")
                .values_list("intake_date", "pk")[:stop]
            )
        return heapq.nlargest(stop, keys)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        if start < 0 or stop < 0 or index.step not in (None, 1):
            raise ValueError("Only forward slices of the agency's cases.")
        ids = [pk for _, pk in self._keys(stop)[start:stop]]
        overdue = FollowUp.objects.filter(
            case=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate()
        )
        rows = {
            c.pk: c
            for c in Case.objects.filter(pk__in=ids)
            .select_related("person", "lead_agency", "assigned_worker")
            .annotate(has_overdue=Exists(overdue))
        }
        return [rows[pk] for pk in ids if pk in rows]


def agency_cases(actor: User, *, status: str = "", open_only: bool = False) -> AgencyCases:
    """Every case the actor's agency sees (``Case.scope_q``), newest first, for paging."""
    return AgencyCases(actor, status=status, open_only=open_only)


def record_list_read(actor: User, rows: Iterable[Case]) -> None:
    """A list that shows names is a read of each person on it: one event per page."""
    ids = [c.person_id for c in rows]
    if ids:
        with transaction.atomic():
            audit.record("RECORDS_LISTED", actor=actor, fields=["full_name"], data={"persons": ids})


def case(actor: User, case_id: int, *, permission: str = "cases.view_case") -> Case:
    """A case the actor may see (404 otherwise), without reading its person."""
    return get_visible(
        Case.objects.select_related("person", "lead_agency", "assigned_worker"),
        actor,
        permission,
        pk=case_id,
    )


def open_case(actor: User, case_id: int, *, permission: str = "cases.view_case") -> Case:
    """The case with its person, the read recorded in the audit trail."""
    found = case(actor, case_id, permission=permission)
    audit.record_read(actor, found.person, fields=PERSON_READ_FIELDS)
    return found


def overdue_followups(actor: User, *, today: dt.date | None = None) -> QuerySet[FollowUp]:
    return (
        visible(FollowUp.objects.all(), actor, "cases.view_case")
        .filter(assignee=actor, done_on__isnull=True, due_on__lt=today or timezone.localdate())
        .select_related("case")
        .order_by("due_on")
    )


def followup(actor: User, followup_id: int) -> FollowUp:
    return get_visible(
        FollowUp.objects.select_related("case"), actor, "cases.view_case", pk=followup_id
    )


def referral(actor: User, referral_id: int) -> Referral:
    return get_visible(
        Referral.objects.select_related("case", "provider", "provider__agency", "case__person"),
        actor,
        "cases.view_case",
        pk=referral_id,
    )


def incoming_referrals(actor: User) -> QuerySet[Referral]:
    return (
        visible(Referral.objects.all(), actor, "cases.view_case")
        .filter(provider__agency_id=actor.agency_id, status__in=["sent", "accepted"])
        .select_related("case", "provider")
    )


def decision(actor: User, decision_id: int) -> IdentificationDecision:
    return get_visible(
        IdentificationDecision.objects.select_related("case"),
        actor,
        "cases.view_case",
        pk=decision_id,
    )


def share(actor: User, share_id: int) -> CaseShare:
    return get_visible(
        CaseShare.objects.select_related("case", "agency"), actor, "cases.view_case", pk=share_id
    )


def link(actor: User, link_id: int) -> PersonLink:
    return get_visible(
        PersonLink.objects.select_related("person", "other"), actor, "cases.view_case", pk=link_id
    )


def person(actor: User, person_id: int) -> Person:
    return get_visible(Person.objects.all(), actor, "cases.view_case", pk=person_id)


def providers(actor: User) -> QuerySet[ServiceProvider]:
    return visible(
        ServiceProvider.objects.filter(is_active=True), actor, "cases.view_case"
    ).select_related("agency", "province")


def timeline(found: Case) -> QuerySet[AuditEvent]:
    """The case's own events, newest first (reads are in the audit trail, not here)."""
    return AuditEvent.objects.filter(target_type="cases.case", target_id=str(found.pk)).order_by(
        "-seq"
    )


@dataclass(frozen=True)
class AnswerView:
    question: str
    stage: str
    answer: str
    hidden: bool


def screening_answers(actor: User, interview: ScreeningInterview, lang: str) -> list[AnswerView]:
    """Answers with their questions; sensitive ones hidden without cases.view_sensitive."""
    questionnaire = load_questionnaire(interview.questionnaire_version)
    sensitive_ok = actor.has_ctip_perm("cases.view_sensitive")
    answers: dict[str, Any] = interview.answers or {}
    rows: list[AnswerView] = []
    for question in questionnaire.questions:
        if question.id not in answers:
            continue
        hidden = question.sensitive and not sensitive_ok
        options = {o.code: o.label.in_language(lang) for o in question.options}  # type: ignore[arg-type]
        raw = answers[question.id]
        codes = [raw] if isinstance(raw, str) else list(raw)
        rows.append(
            AnswerView(
                question=question.text.in_language(lang),  # type: ignore[arg-type]
                stage=question.stage,
                answer="" if hidden else ", ".join(options.get(c, c) for c in codes),
                hidden=hidden,
            )
        )
    return rows


def screening_indicators(actor: User, interview: ScreeningInterview) -> list[dict[str, str]]:
    questionnaire = load_questionnaire(interview.questionnaire_version)
    sensitive_ok = actor.has_ctip_perm("cases.view_sensitive")
    shown = []
    for item in (interview.result or {}).get("indicators", []):
        question = questionnaire.question(item["question"])
        if question.sensitive and not sensitive_ok:
            continue
        # The finding in the reader's language, never the question's code.
        shown.append({**item, "label": label(question.indicator or question.text)})
    return shown


def deliveries(actor: User, found: Case) -> list[ServiceDelivery]:
    rows = list(ServiceDelivery.objects.filter(case=found).select_related("provider"))
    if not actor.has_ctip_perm("cases.view_sensitive"):
        for row in rows:
            if row.support_type in HEALTH_SUPPORT:
                row.support_type = ""
                row.note = ""
    return rows


def duplicate_candidates(actor: User, found: Case) -> list[dict[str, Any]]:
    """Likely earlier records of the case's person. Details and the lead agency only for
    records the actor may see; for others, the level and "held elsewhere": naming the
    agency would tell anyone who can type an identity number where that person is
    protected."""
    if not actor.has_ctip_perm("cases.merge"):
        return []
    person_ = found.person
    linked = set(
        PersonLink.objects.filter(person=person_, undone_at__isnull=True).values_list(
            "other_id", flat=True
        )
    ) | set(
        PersonLink.objects.filter(other=person_, undone_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    found_ = duplicates.candidates(duplicates.facts_of(person_), exclude=[person_.pk, *linked])
    if not found_:
        return []
    seen = set(
        Person.objects.filter(
            Person.scope_q(actor), pk__in=[c.person.pk for c in found_]
        ).values_list("pk", flat=True)
    )
    rows = []
    for c in found_:
        lead = (
            Case.objects.filter(person=c.person)
            .select_related("lead_agency")
            .order_by("-pk")
            .first()
        )
        readable = c.person.pk in seen
        rows.append(
            {
                "person": c.person if readable else None,
                "person_id": c.person.pk if readable else None,
                "score": c.match.score,
                "level": c.match.level.value,
                "reasons": list(c.match.codes),
                "agency": lead.lead_agency if lead and readable else None,
                "held_elsewhere": not readable,
            }
        )
    with transaction.atomic():
        audit.record(
            "DUPLICATES_SEARCHED",
            actor=actor,
            target=person_,
            data={"candidates": len(rows), "visible": sorted(seen)},
        )
    return rows


def case_documents(actor: User, found: Case) -> list[CaseDocument]:
    """The case's files; health records listed without their title unless the actor may
    read sensitive sections."""
    rows = list(CaseDocument.objects.filter(case=found).select_related("uploaded_by"))
    if not actor.has_ctip_perm("cases.view_sensitive"):
        for row in rows:
            if row.sensitive:
                row.title = ""
                row.file_name = ""
    return rows


def document_list(actor: User, found: Case) -> list[CaseDocument]:
    """``case_documents`` for the API: titles may name the person, so listing them is a
    recorded read of the case."""
    rows = case_documents(actor, found)
    if rows:
        audit.record_read(actor, found, fields=["documents"])
    return rows


def document(actor: User, document_id: int) -> CaseDocument:
    return get_visible(
        CaseDocument.objects.select_related("case"), actor, "cases.view_case", pk=document_id
    )


def document_content(actor: User, found: CaseDocument) -> bytes:
    """The decrypted file; every download is an audit event. Raises ``DocumentError`` if
    the stored file is missing or was tampered with."""
    if found.sensitive and not actor.has_ctip_perm("cases.view_sensitive"):
        raise PermissionDenied("cases.view_sensitive")
    content = documents.read(token=found.storage_name, case_id=found.case_id, key=found.file_key)
    with transaction.atomic():
        audit.record(
            "DOCUMENT_DOWNLOADED",
            actor=actor,
            target=found,
            fields=["file"],
            data={"case": found.case_id, "kind": found.kind},
        )
    return content


def non_punishment_note(found: Case, lang: str) -> str:
    """The printable note from the case's statements ("" if none); raises the engine's
    ``NonPunishmentError`` if they no longer make a valid note."""
    statements = list(
        NonPunishmentStatement.objects.filter(case=found).select_related("recorded_by")
    )
    if not statements:
        return ""
    records = [
        ForcedActRecord(
            act=ForcedAct(a["act"]),
            coercion=tuple(Coercion(c) for c in a["coercion"]),
            description=a.get("description", ""),
            place=a.get("place", ""),
            period=a.get("period", ""),
        )
        for s in statements
        for a in s.acts
    ]
    note = build_note(
        case_reference=found.reference,
        interview_date=statements[0].interviewed_on,
        interviewer=str(statements[0].recorded_by),
        acts=records,
    )
    return render_note(note, lang)  # type: ignore[arg-type]


# Indicators named in the person's account ---------------------------------------------------


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


@dataclass(frozen=True)
class Finding:
    """One ILO dimension of a screening result, in sentences."""

    dimension: str
    positive: bool
    sentences: list[str]


def screening_findings(actor: User, interview: ScreeningInterview, lang: str) -> dict[str, Any]:
    """The result as sentences grouped by the ILO dimensions, in the reader's language:
    the rule that gave the recommendation, and for each dimension whether it is made out
    and the indicators found (sensitive ones only with ``cases.view_sensitive``)."""
    from ctip.cases.engine.questionnaire import DIMENSION_LABELS, Dimension

    questionnaire = load_questionnaire(interview.questionnaire_version)
    sensitive_ok = actor.has_ctip_perm("cases.view_sensitive")
    result = interview.result or {}
    positive = set(result.get("positive", []))
    grouped: dict[str, list[str]] = {}
    hidden = 0
    for item in result.get("indicators", []):
        question = questionnaire.question(item["question"])
        if question.sensitive and not sensitive_ok:
            hidden += 1
            continue
        label = question.indicator or question.text
        grouped.setdefault(item["dimension"], []).append(label.in_language(lang))  # type: ignore[arg-type]
    findings = [
        Finding(
            DIMENSION_LABELS[dimension].in_language(lang),  # type: ignore[arg-type]
            dimension.value in positive,
            grouped[dimension.value],
        )
        for dimension in Dimension
        if dimension.value in grouped
    ]
    rule = result.get("rule", {})
    return {
        "rule": rule.get(lang) or rule.get("en", ""),
        "findings": findings,
        "hidden": hidden,
    }


@dataclass(frozen=True)
class VictimCaseRef:
    """What criminal proceedings may copy of a protection case: never the identity."""

    case_id: int
    reference: str
    sex: str
    under_16: bool
    consent_to_share: bool


def victim_case_ref(actor: User, case_id: int) -> VictimCaseRef:
    """A protection case the actor may see (404 otherwise), for a criminal case to refer to.

    ``consent_to_share`` says whether the victim agreed to sharing with the actor's agency
    (the lead agency needs no consent): proceedings refuses the link without it."""
    from ctip.cases.actions import consent_allows_sharing

    found = case(actor, case_id)
    year = found.person.birth_year
    return VictimCaseRef(
        case_id=found.pk,
        reference=found.reference,
        sex=found.person.sex,
        under_16=year is not None and found.intake_date.year - year < 16,
        consent_to_share=consent_allows_sharing(found, actor.agency),
    )
