import dataclasses
import datetime as dt

import pytest

from ctip.core.engine.periods import parse_period
from ctip.core.figures import Figures, UnknownBreakdown
from ctip.core.provinces import former_to_current
from ctip.stats import registry
from tests.stats.factories import cases, national_picture


def test_every_app_with_figures_plugs_in_without_stats_naming_it():
    codes = {i.code for i in registry.indicators()}
    assert {"cases.received", "cases.victims_identified", "intel.scam_reports"} <= codes
    assert "screening.checks" in codes


@pytest.mark.django_db
def test_cases_are_counted_by_province_and_sex(world):
    national_picture(world)
    fig = registry.figures("cases.received", parse_period("2025-Q2"), ("province", "sex"))
    assert isinstance(fig, Figures)
    assert dataclasses.is_dataclass(fig)
    assert fig.__dataclass_params__.frozen
    counts = fig.as_dict()
    assert counts[("ha-noi", "male")] == 3
    assert counts[("nghe-an", "female")] == 20
    assert fig.total == 80
    # Counts only: no identity anywhere in what is handed over.
    assert all(isinstance(c.count, int) for c in fig.cells)
    assert registry.figures("cases.received", parse_period("2025-Q1"), ()).total == 0


@pytest.mark.django_db
def test_under_16_and_identified_victims(world):
    user = world.users["case_worker"]
    cases(2, agency=world.agency, user=user, on=dt.date(2025, 3, 1), age=14, identified=True)
    cases(1, agency=world.agency, user=user, on=dt.date(2025, 3, 1), age=30, identified=True)
    cases(4, agency=world.agency, user=user, on=dt.date(2025, 3, 1), age=30)
    fig = registry.figures("cases.victims_identified", parse_period("2025-03"), ("under16",))
    assert fig.as_dict() == {("yes",): 2, ("no",): 1}
    received = registry.figures("cases.received", parse_period("2025"), ("agency_type",))
    assert received.as_dict() == {("police",): 7}


@pytest.mark.django_db
def test_a_breakdown_the_figure_does_not_have_is_refused(world):
    with pytest.raises(UnknownBreakdown):
        registry.figures("screening.checks", parse_period("2025"), ("sex",))


def test_former_provinces_map_onto_the_34():
    mapping = former_to_current()
    assert len(mapping) == 63
    assert len(set(mapping.values())) == 34
    assert mapping["Thừa Thiên Huế"] == "hue"
    assert mapping["Hà Giang"] == mapping["Tuyên Quang"]
