"""A child's follow-up visits are at least as frequent as an adult's."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ctip.cases import actions
from ctip.cases.engine.followup import at_least_as_frequent
from ctip.cases.models import FollowUp
from tests.cases.factories import days_ago, make_case


def test_a_schedule_is_as_frequent_when_it_visits_as_often_and_as_long():
    assert at_least_as_frequent((1, 3, 6, 12))
    assert at_least_as_frequent((1, 2, 3, 4, 6, 9, 12, 18))
    assert not at_least_as_frequent((3, 6, 12))  # nobody comes in the first month
    assert not at_least_as_frequent((1, 2, 3, 4, 5, 6))  # stops after half a year
    assert not at_least_as_frequent(())


def child(worker):
    return make_case(
        worker, "Lò Thị Mai", birth_date=None, age_min=15, age_max=15, age_basis="appearance"
    )


def test_a_childs_schedule_less_frequent_than_an_adults_is_refused(worker, case):
    young = child(worker)
    start = days_ago(0)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        actions.followup_schedule(actor=worker, case=young, start=start, months=[6, 12])
    assert "A child is visited at least as often as an adult" in str(refused.value)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        actions.followup_schedule(actor=worker, case=young, start=start, months=[3, 6, 12])
    assert "Trẻ em được thăm theo dõi ít nhất thường xuyên như người lớn" in str(refused.value)
    assert not FollowUp.objects.filter(case=young).exists()
    closer = actions.followup_schedule(
        actor=worker, case=young, start=start, months=[1, 2, 3, 6, 9, 12]
    )
    assert [f.months for f in closer] == [1, 2, 3, 6, 9, 12]
    usual = actions.followup_schedule(actor=worker, case=young, start=start)
    assert [f.months for f in usual] == [1, 3, 6, 12]
    # An adult's visits may be spaced out.
    adult = actions.followup_schedule(actor=worker, case=case, start=start, months=[6, 12])
    assert [f.months for f in adult] == [6, 12]
    with pytest.raises(ValidationError):
        actions.followup_schedule(actor=worker, case=case, start=start, months=[6, 3])


def test_api_refuses_a_childs_sparse_schedule_in_words(world, client_for, worker):
    young = child(worker)
    client = client_for(worker)
    url = f"/api/v1/cases/{young.pk}/followups"
    body = {"start": days_ago(0).isoformat(), "months": [12]}
    refused = client.post(
        url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "at least as often as an adult" in refused.content.decode()
    body["months"] = [1, 2, 3, 6, 12]
    done = client.post(url, json.dumps(body), content_type="application/json")
    assert done.status_code == 201
    assert [f["months"] for f in done.json()] == [1, 2, 3, 6, 12]


def test_the_case_page_schedules_a_childs_visits_by_the_months_typed(client_for, worker):
    young = child(worker)
    client = client_for(worker)
    url = f"/cases/{young.pk}/followups/"
    start = days_ago(0).isoformat()
    sparse = client.post(url, {"start": start, "months": "6, 12"}, follow=True)
    assert "Trẻ em được thăm theo dõi ít nhất thường xuyên như người lớn" in sparse.content.decode()
    assert not FollowUp.objects.filter(case=young).exists()
    typed = client.post(url, {"start": start, "months": "6 tháng"}, follow=True)
    assert "Ghi số tháng là số nguyên" in typed.content.decode()
    assert not FollowUp.objects.filter(case=young).exists()
    client.post(url, {"start": start, "months": "1; 2, 3 6,12"})
    assert sorted(FollowUp.objects.filter(case=young).values_list("months", flat=True)) == [
        1,
        2,
        3,
        6,
        12,
    ]
    client.post(url, {"start": start, "months": ""})
    assert sorted(FollowUp.objects.filter(case=young).values_list("months", flat=True)) == [
        1,
        3,
        6,
        12,
    ]
