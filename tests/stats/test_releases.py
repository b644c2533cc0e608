import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ctip.core.engine.periods import parse_period
from ctip.core.models import AuditEvent
from ctip.stats import actions
from ctip.stats.actions import ReleaseInput, ReleaseRefused
from ctip.stats.models import BudgetSpend, ImmutableRelease, Method, Release
from tests.stats.factories import cases, national_picture, shown


def publish(world, period="2025-Q2", breakdowns=("province", "sex"), **kw):
    kw.setdefault("method", Method.SUPPRESSION)
    return actions.release_publish(
        actor=world.users["national_statistician"],
        data=ReleaseInput("cases.received", parse_period(period), breakdowns, **kw),
    )


@pytest.mark.django_db
def test_a_release_stores_only_what_it_shows_and_is_audited(world):
    national_picture(world)
    release = publish(world)
    hidden = [c for c in release.cells if c["value"] is None]
    assert {tuple(c["categories"]) for c in hidden} >= {("ha-noi", "male"), ("ha-noi", "female")}
    # The true count of a hidden cell is not kept anywhere in the release.
    assert all(c["value"] is None for c in hidden)
    event = AuditEvent.objects.get(event_type="STATS_RELEASE_PUBLISHED")
    assert event.target_id == str(release.pk)
    assert event.data["suppressed"] == len(hidden)
    assert event.data["hash"] == release.content_hash
    assert event.data["method"] == "suppression"


@pytest.mark.django_db
def test_a_published_release_never_changes(world):
    national_picture(world)
    release = publish(world)
    release.title = "Changed"
    with pytest.raises(ImmutableRelease):
        release.save()
    with pytest.raises(ImmutableRelease):
        release.delete()
    with pytest.raises(ReleaseRefused):
        publish(world)  # the same content twice


@pytest.mark.django_db
def test_a_statistician_cannot_publish(world):
    with pytest.raises(PermissionDenied):
        actions.release_publish(
            actor=world.users["statistician"],
            data=ReleaseInput("cases.received", parse_period("2025"), (), Method.SUPPRESSION),
        )


@pytest.mark.django_db
def test_a_breakdown_that_would_isolate_a_person_is_refused(world):
    cases(2, agency=world.agency, user=world.users["case_worker"], on=dt.date(2025, 5, 1))
    with pytest.raises(ReleaseRefused):
        publish(world, period="2025", breakdowns=("sex",))
    assert not Release.objects.exists()
    assert not AuditEvent.objects.filter(event_type="STATS_RELEASE_PUBLISHED").exists()


@pytest.mark.django_db
def test_differencing_a_later_release_against_an_earlier_one_recovers_nothing(world):
    user = world.users["case_worker"]
    cases(12, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="an-giang")
    cases(2, agency=world.agency, user=user, on=dt.date(2025, 12, 5), province="an-giang")
    cases(40, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="ha-noi")
    cases(30, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="nghe-an")
    cases(25, agency=world.agency, user=user, on=dt.date(2025, 12, 5), province="nghe-an")
    year = publish(world, period="2025", breakdowns=("province",))
    eleven = publish(world, period="2025-01-01..2025-11-30", breakdowns=("province",))
    shown_year = {tuple(c["categories"]): c["value"] for c in year.cells}
    shown_eleven = {tuple(c["categories"]): c["value"] for c in eleven.cells}
    assert shown_year[("an-giang",)] == 14
    # 14 in the year and 12 in eleven months would show 2 in December: not published.
    assert shown_eleven[("an-giang",)] is None
    # Nor can it come back through the totals.
    assert shown_eleven[(None,)] is None or any(
        shown_eleven[(p,)] is None for p in ("ha-noi", "nghe-an")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["national_statistician", "statistician"])
def test_a_release_cannot_be_differenced_against_a_draft_shown_before(world, reader):
    """A draft of the year was shown (to whoever publishes, or to another reader); the
    release of the first eleven months must not give December back by subtraction."""
    user = world.users["case_worker"]
    cases(12, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="an-giang")
    cases(2, agency=world.agency, user=user, on=dt.date(2025, 12, 5), province="an-giang")
    cases(40, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="ha-noi")
    cases(30, agency=world.agency, user=user, on=dt.date(2025, 3, 1), province="nghe-an")
    cases(25, agency=world.agency, user=user, on=dt.date(2025, 12, 5), province="nghe-an")
    draft = shown(world.users[reader], "cases.received", parse_period("2025"), ("province",))
    assert {c.categories: c.value for c in draft.cells}[("an-giang",)] == 14
    eleven = publish(world, period="2025-01-01..2025-11-30", breakdowns=("province",))
    released = {tuple(c["categories"]): c["value"] for c in eleven.cells}
    assert released[("an-giang",)] is None
    assert released[(None,)] is None or any(released[(p,)] is None for p in ("ha-noi", "nghe-an"))


@pytest.mark.django_db
def test_rounded_release(world):
    national_picture(world)
    release = publish(world, breakdowns=("province",), method=Method.ROUNDED)
    values = [c["value"] for c in release.cells if c["value"] is not None]
    assert values
    assert all(v % 5 == 0 for v in values)
    assert release.parameters["rounding_base"] == 5


@pytest.mark.django_db
def test_private_release_spends_the_budget_and_prints_accuracy(world):
    national_picture(world)
    actions.budget_set(
        actor=world.users["national_statistician"],
        data=actions.BudgetInput("cases.received", 1.0),
    )
    release = publish(world, breakdowns=("province",), method=Method.PRIVATE, epsilon=0.6)
    assert all(c["accuracy"] and c["value"] is not None for c in release.cells)
    assert BudgetSpend.objects.get(release=release).epsilon == 0.6
    with pytest.raises(ReleaseRefused, match=r"0\.4"):
        publish(world, breakdowns=("sex",), method=Method.PRIVATE, epsilon=0.5)
    assert Release.objects.count() == 1
    # The budget cannot be lowered under what was spent.
    with pytest.raises(ValidationError):
        actions.budget_set(
            actor=world.users["national_statistician"],
            data=actions.BudgetInput("cases.received", 0.5),
        )
