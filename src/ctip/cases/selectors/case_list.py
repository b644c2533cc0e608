"""The case list: ``case_rows`` for what the page and ``GET /api/v1/cases`` both list,
``case_list_page`` for the page with what waits on the worker beside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from ctip.cases.models import Case, CaseHandover, FollowUp, Referral
from ctip.cases.selectors.handovers import incoming_handovers
from ctip.cases.selectors.listing import AgencyCases, agency_cases, cases, record_list_read
from ctip.cases.selectors.records import incoming_referrals, overdue_followups
from ctip.core.models import User

PER_PAGE = 30
SIDE = 50  # at most this many items in each list beside the cases


def case_rows(
    actor: User, *, mine: bool = False, status: str = "", open_only: bool = False
) -> QuerySet[Case] | AgencyCases:
    """Newest first: the cases assigned to the actor (``mine``), or every case the actor's
    agency sees, paged without the scope's ``OR`` (``AgencyCases``)."""
    if mine:
        return cases(actor, mine=True, status=status, open_only=open_only)
    return agency_cases(actor, status=status, open_only=open_only)


@dataclass(frozen=True)
class CaseListPage:
    show: str  # "mine" (open cases assigned to me), "open" or "all" (the agency's)
    page: Page
    overdue: list[FollowUp]
    incoming: list[Referral]
    incoming_handovers: list[CaseHandover]


def case_list_page(actor: User, *, show: str, page_number: str | None) -> CaseListPage:
    """The page of the list asked for; the names on it are recorded as one read."""
    rows = case_rows(actor, mine=show == "mine", open_only=show != "all")
    page = Paginator(rows, PER_PAGE).get_page(page_number)
    record_list_read(actor, page.object_list)
    return CaseListPage(
        show=show,
        page=page,
        overdue=list(overdue_followups(actor)[:SIDE]),
        incoming=list(incoming_referrals(actor)[:SIDE]),
        incoming_handovers=list(incoming_handovers(actor)[:SIDE]),
    )
