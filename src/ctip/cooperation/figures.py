"""What the statistics app reads of cooperation: counts by gate, period and answer,
never identities, never QuerySets."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ctip.cooperation.models import (
    Answer,
    Arrival,
    Direction,
    HandoverOperation,
    HandoverPerson,
    VerificationPerson,
    VerificationRequest,
)
from ctip.core import figures as core_figures
from ctip.core.engine import periods
from ctip.core.figures import Figures, Indicator, Unit, check_breakdowns, month_of

# The contract the statistics app reads: counts any table can break down and audit.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "cooperation.persons_received",
        _("Citizens received at joint handovers"),
        Unit.PERSONS,
        ("month",),
        description=_("Persons who arrived at a joint handover, by the day of the handover."),
    ),
    Indicator(
        "cooperation.persons_asked",
        _("Persons asked about in verification requests from abroad"),
        Unit.PERSONS,
        ("month",),
        description=_(
            "Persons the verification requests received from counterparts abroad asked "
            "about, by the day the request was received."
        ),
    ),
    Indicator(
        "cooperation.persons_confirmed",
        _("Persons confirmed as citizens"),
        Unit.PERSONS,
        ("month",),
        description=_(
            "Persons a verification request asked about and confirmed as citizens, by the day "
            "the request was received."
        ),
    ),
)


def _facts(indicator: str, period: periods.Period) -> Iterator[dict[str, str]]:
    days: QuerySet[Any, dt.date]
    if indicator == "cooperation.persons_received":
        days = HandoverPerson.objects.filter(
            operation__on__range=(period.start, period.end), arrival=Arrival.ARRIVED
        ).values_list("operation__on", flat=True)
    elif indicator == "cooperation.persons_asked":
        days = VerificationPerson.objects.filter(
            request__received_on__range=(period.start, period.end),
            request__direction=Direction.FROM_ABROAD,
        ).values_list("request__received_on", flat=True)
    else:
        days = VerificationPerson.objects.filter(
            request__received_on__range=(period.start, period.end), answer=Answer.CONFIRMED
        ).values_list("request__received_on", flat=True)
    for on in days.order_by().iterator(chunk_size=5000):
        yield {"month": month_of(on)}


def figures(indicator: str, period: periods.Period, breakdowns: tuple[str, ...]) -> Figures:
    found = {i.code: i for i in INDICATORS}
    check_breakdowns(found[indicator], breakdowns)
    return core_figures.count(indicator, period, breakdowns, _facts(indicator, period))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive


@dataclass(frozen=True)
class GateCount:
    gate: str
    handovers: int
    persons_received: int


@dataclass(frozen=True)
class HandoverFigures:
    period: Period
    handovers: int
    persons_received: int
    evacuations: int  # handovers by air
    by_gate: tuple[GateCount, ...]


@dataclass(frozen=True)
class VerificationFigures:
    period: Period
    requests: int
    persons: int
    confirmed: int
    not_found: int
    more_information: int
    requests_answered_in_time: int
    requests_answered_late: int
    requests_overdue: int  # still open past the deadline at the period's end


def handovers(period: Period) -> HandoverFigures:
    from ctip.cooperation import gates

    operations = list(
        HandoverOperation.objects.filter(on__gte=period.start, on__lte=period.end).values_list(
            "pk", "gate"
        )
    )
    gate_of = dict(operations)
    received = Counter(
        gate_of[op_id]
        for op_id in HandoverPerson.objects.filter(
            operation_id__in=gate_of, arrival=Arrival.ARRIVED
        ).values_list("operation_id", flat=True)
    )
    per_gate = Counter(gate for _pk, gate in operations)
    airports = {code for code, g in gates.all_gates().items() if g.is_airport}
    return HandoverFigures(
        period=period,
        handovers=len(operations),
        persons_received=sum(received.values()),
        evacuations=sum(n for gate, n in per_gate.items() if gate in airports),
        by_gate=tuple(
            GateCount(gate, per_gate[gate], received.get(gate, 0)) for gate in sorted(per_gate)
        ),
    )


def verifications(period: Period) -> VerificationFigures:
    requests = list(
        VerificationRequest.objects.filter(
            received_on__gte=period.start, received_on__lte=period.end
        ).values_list("pk", "deadline", "answered_at", "status")
    )
    answers = Counter(
        VerificationPerson.objects.filter(request_id__in=[r[0] for r in requests]).values_list(
            "answer", flat=True
        )
    )
    in_time = late = overdue = 0
    for _pk, deadline, answered_at, _status in requests:
        if answered_at is None:
            overdue += deadline < period.end
        elif answered_at.date() <= deadline:
            in_time += 1
        else:
            late += 1
    return VerificationFigures(
        period=period,
        requests=len(requests),
        persons=sum(answers.values()),
        confirmed=answers.get(Answer.CONFIRMED, 0),
        not_found=answers.get(Answer.NOT_FOUND, 0),
        more_information=answers.get(Answer.MORE_INFO, 0),
        requests_answered_in_time=in_time,
        requests_answered_late=late,
        requests_overdue=overdue,
    )
