"""Each role's dashboard is its worklist, with a chart of twelve months and its table."""

from django.utils.translation import override

from ctip.cases.actions import handover
from ctip.core import worklist
from tests.cases.factories import make_case
from tests.intel.factories import make_report


def _counts(user):
    with override("en"):
        return {item.label: item.count for item in worklist.items(user)}


def test_each_role_sees_what_waits_on_it(world):
    worker = world.users["case_worker"]
    case = make_case(worker)
    make_case(worker)
    assert _counts(worker)["cases to screen"] == 2
    handover.handover_send(
        actor=worker, case=case, to_agency=world.other, reason="home", version=case.version
    )
    assert _counts(world.other_users["case_worker"])["cases handed to your agency"] == 1
    make_report(None)
    investigator = world.users["investigator"]
    # Public reports go to the national intake: not this agency's queue.
    assert _counts(investigator)["reports to triage"] == 0
    make_report(investigator)
    assert _counts(investigator)["reports to triage"] == 1
    assert "reports to triage" not in _counts(world.users["analyst"])


def test_dashboard_page_has_counts_links_chart_and_table(world, client_for):
    worker = world.users["case_worker"]
    make_case(worker)
    page = client_for(worker).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="worklist"' in page
    assert "cases to screen" in page
    assert "/cases/?show=open" in page
    assert "<svg" in page
    assert 'role="img"' in page
    assert page.count('data-testid="chart-table"') == 1
    assert "<td>1</td>" in page  # this month's case, in the table


def test_twelve_months_end_with_this_one():
    import datetime as dt

    months = worklist.last_twelve_months(dt.date(2026, 3, 15))
    assert months[0] == dt.date(2025, 4, 1)
    assert months[-1] == dt.date(2026, 3, 1)
    series = worklist.monthly(
        {dt.date(2026, 3, 2): 2, dt.date(2026, 3, 30): 1, dt.date(2020, 1, 1): 9},
        dt.date(2026, 3, 15),
    )
    assert series[-1] == (dt.date(2026, 3, 1), 3)
    assert sum(n for _m, n in series) == 3
