import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ctip.core.engine.periods import parse_period
from tests.stats.factories import cases, national_picture, shown


@pytest.mark.django_db
def test_the_table_hides_small_cells_and_what_would_give_them_back(world):
    national_picture(world)
    table = shown(
        world.users["statistician"], "cases.received", parse_period("2025-Q2"), ("province", "sex")
    )
    cells = {c.categories: c for c in table.cells}
    assert cells[("ha-noi", "male")].value is None
    assert cells[("ha-noi", "male")].status == "primary"
    # Ha Noi's women would give the 3 men back through the row total: hidden too.
    assert cells[("ha-noi", "female")].value is None
    assert cells[("nghe-an", "female")].value is None or cells[("an-giang", "female")].value is None
    assert cells[(None, None)].value == 80
    assert table.suppressed >= 4


@pytest.mark.django_db
def test_the_change_on_the_previous_period_and_a_year_earlier(world):
    user = world.users["case_worker"]
    cases(40, agency=world.agency, user=user, on=dt.date(2025, 5, 1))
    cases(20, agency=world.agency, user=user, on=dt.date(2025, 2, 1))
    cases(50, agency=world.agency, user=user, on=dt.date(2024, 5, 1))
    table = shown(world.users["statistician"], "cases.received", parse_period("2025-Q2"), ())
    total = table.lines[-1]
    assert total.total.value == 40
    assert (total.previous, total.change_previous) == (20, "+100.0%")
    assert (total.year_earlier, total.change_year) == (50, "-20.0%")


@pytest.mark.django_db
def test_children_follow_the_stricter_rule(world, settings):
    settings.CTIP_STATS_CHILD_THRESHOLD = 20
    user = world.users["case_worker"]
    cases(15, agency=world.agency, user=user, on=dt.date(2025, 5, 1), age=14)
    cases(40, agency=world.agency, user=user, on=dt.date(2025, 5, 1), age=30)
    cases(40, agency=world.agency, user=user, on=dt.date(2025, 5, 1), age=None)
    table = shown(world.users["statistician"], "cases.received", parse_period("2025"), ("under16",))
    assert table.threshold == 20
    assert {c.categories: c.value for c in table.cells}[("yes",)] is None


@pytest.mark.django_db
def test_only_statistics_roles_read_tables(world):
    with pytest.raises(PermissionDenied):
        shown(world.users["case_worker"], "cases.received", parse_period("2025"), ())


@pytest.mark.django_db
def test_two_drafts_cannot_be_differenced_by_their_reader(world):
    user = world.users["case_worker"]
    cases(12, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="an-giang")
    cases(2, agency=world.agency, user=user, on=dt.date(2025, 12, 5), province="an-giang")
    cases(40, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="ha-noi")
    cases(30, agency=world.agency, user=user, on=dt.date(2025, 12, 5), province="nghe-an")
    reader = world.users["statistician"]
    year = shown(reader, "cases.received", parse_period("2025"), ("province",))
    assert {c.categories: c.value for c in year.cells}[("an-giang",)] == 14
    eleven = shown(reader, "cases.received", parse_period("2025-01-01..2025-11-30"), ("province",))
    assert {c.categories: c.value for c in eleven.cells}[("an-giang",)] is None


@pytest.mark.django_db
def test_two_readers_who_pool_their_drafts_recover_nothing(world):
    """One reader is shown the year, another the first eleven months: together they would
    read December by subtraction (14 - 12 = 2 in An Giang). The second is refused the 12."""
    user = world.users["case_worker"]
    cases(12, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="an-giang")
    cases(2, agency=world.agency, user=user, on=dt.date(2025, 12, 5), province="an-giang")
    cases(40, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="ha-noi")
    cases(30, agency=world.agency, user=user, on=dt.date(2025, 12, 5), province="nghe-an")
    first, second = world.users["statistician"], world.other_users["statistician"]
    year = shown(first, "cases.received", parse_period("2025"), ("province",))
    eleven = shown(second, "cases.received", parse_period("2025-01-01..2025-11-30"), ("province",))
    pooled_year = {c.categories: c.value for c in year.cells}
    pooled_eleven = {c.categories: c.value for c in eleven.cells}
    assert pooled_year[("an-giang",)] == 14
    assert pooled_eleven[("an-giang",)] is None
    # Nor through the totals: the total and every other province would give it back.
    assert pooled_eleven[(None,)] is None or any(
        pooled_eleven[(p,)] is None for p in ("ha-noi", "nghe-an")
    )


@pytest.mark.django_db
def test_a_monthly_trend_compares_only_its_total(world, client_for):
    user = world.users["case_worker"]
    cases(15, agency=world.agency, user=user, on=dt.date(2025, 2, 3))
    cases(20, agency=world.agency, user=user, on=dt.date(2025, 3, 3))
    cases(25, agency=world.agency, user=user, on=dt.date(2024, 2, 3))
    table = shown(
        world.users["statistician"], "cases.received", parse_period("2025-Q1"), ("month",)
    )
    months = {line.key: line for line in table.lines}
    assert months["2025-02"].total.value == 15
    assert not months["2025-02"].compared
    assert (months[None].year_earlier, months[None].change_year) == (25, "+40.0%")
    page = client_for(world.users["statistician"]).get(
        "/stats/", {"indicator": "cases.received", "period": "2025-Q1", "rows": "month"}
    )
    assert "<polyline" in page.content.decode()
