"""What the statistics app reads: counts, never identities, never QuerySets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ctip.core.engine import periods
from ctip.core.figures import Figures, Indicator, Unit, check_breakdowns, count, month_of
from ctip.outreach.models import (
    Attendance,
    Message,
    MessageState,
    Result,
    Topic,
)

# The words of the training topics, for tables of figures.
TOPICS = dict(Topic.choices)

# The contract the statistics app reads: counts any table can break down and audit.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "outreach.messages_delivered",
        _("Warning text messages delivered"),
        Unit.MESSAGES,
        ("month",),
        description=_("Campaign messages with a delivery receipt, by the day they were sent."),
    ),
    Indicator(
        "outreach.officers_trained",
        _("Officers trained"),
        Unit.OFFICERS,
        ("province", "agency_type", "training_topic", "month"),
        description=_(
            "Attendees of training sessions (absent ones left out), by the session's day, "
            "province, agency and topic."
        ),
    ),
    Indicator(
        "outreach.officers_passed",
        _("Officers who passed training"),
        Unit.OFFICERS,
        ("province", "agency_type", "training_topic", "month"),
        description=_(
            "Attendees of training sessions recorded as passed, by the session's day, "
            "province, agency and topic."
        ),
    ),
)
CATEGORIES = {"training_topic": tuple(Topic.choices)}


def _facts(indicator: str, period: periods.Period) -> Iterator[dict[str, str]]:
    if indicator == "outreach.messages_delivered":
        days = Message.objects.filter(
            state=MessageState.DELIVERED, sent_on__range=(period.start, period.end)
        ).values_list("sent_on", flat=True)
        for on in days.order_by().iterator(chunk_size=5000):
            if on is not None:  # the filter on the range leaves none without a day
                yield {"month": month_of(on)}
        return
    attendees = Attendance.objects.filter(
        session__starts_on__range=(period.start, period.end)
    ).exclude(result=Result.ABSENT)
    if indicator == "outreach.officers_passed":
        attendees = attendees.filter(result=Result.PASSED)
    rows = attendees.values_list(
        "session__province__code",
        "session__agency__type",
        "session__course__topic",
        "session__starts_on",
    ).order_by()
    for province, agency_type, topic, on in rows.iterator(chunk_size=5000):
        yield {
            "province": province,
            "agency_type": agency_type,
            "training_topic": topic,
            "month": month_of(on),
        }


def figures(indicator: str, period: periods.Period, breakdowns: tuple[str, ...]) -> Figures:
    found = {i.code: i for i in INDICATORS}
    check_breakdowns(found[indicator], breakdowns)
    return count(indicator, period, breakdowns, _facts(indicator, period))


@dataclass(frozen=True)
class TrainingCount:
    agency: str
    province: str
    topic: str
    attendees: int
    passed: int
    certificates: int


@dataclass(frozen=True)
class TrainingFigures:
    start: date
    end: date
    rows: tuple[TrainingCount, ...]

    def total(self, field: str = "attendees") -> int:
        return sum(getattr(r, field) for r in self.rows)

    def by(self, key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            out[getattr(r, key)] = out.get(getattr(r, key), 0) + r.attendees
        return out


def training(start: date, end: date) -> TrainingFigures:
    """Officers trained in [start, end], by agency, province (of the session) and topic."""
    rows = (
        Attendance.objects.filter(session__starts_on__gte=start, session__starts_on__lte=end)
        .exclude(result=Result.ABSENT)
        .values("session__agency__code", "session__province__code", "session__course__topic")
        .annotate(
            attendees=Count("pk"),
            passed=Count("pk", filter=Q(result=Result.PASSED)),
            certificates=Count("pk", filter=~Q(certificate="")),
        )
        .order_by("session__agency__code", "session__province__code", "session__course__topic")
    )
    return TrainingFigures(
        start,
        end,
        tuple(
            TrainingCount(
                r["session__agency__code"],
                r["session__province__code"],
                r["session__course__topic"],
                r["attendees"],
                r["passed"],
                r["certificates"],
            )
            for r in rows
        ),
    )


@dataclass(frozen=True)
class Reach:
    campaign_id: int
    planned: int
    submitted: int
    delivered: int
    failed: int
    skipped: int
    unknown: int

    @property
    def reach(self) -> int:
        return self.delivered


SENT = (
    MessageState.SUBMITTED,
    MessageState.DELIVERED,
    MessageState.UNDELIVERABLE,
    MessageState.EXPIRED,
)
FAILED = (MessageState.UNDELIVERABLE, MessageState.EXPIRED, MessageState.REJECTED)


def reach(campaign_id: int) -> Reach:
    """Reach is delivered receipts; the rest is said apart."""
    counts = dict(
        Message.objects.filter(campaign_id=campaign_id)
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return Reach(
        campaign_id,
        sum(counts.values()),
        sum(counts.get(s, 0) for s in SENT),
        counts.get(MessageState.DELIVERED, 0),
        sum(counts.get(s, 0) for s in FAILED),
        counts.get(MessageState.SKIPPED, 0),
        counts.get(MessageState.UNKNOWN, 0),
    )
