"""Searching cases by name, identity number or phone through the blind indexes."""

import pytest
from django.core.exceptions import ValidationError

from ctip.cases import search
from ctip.core.models import AuditEvent
from tests.cases.factories import make_case


def test_search_by_name_in_any_order_without_diacritics(world, case):
    worker = world.users["case_worker"]
    for typed in ("Nguyen Van An", "AN NGUYỄN VĂN", "nguyễn  văn an", "Nguyen Van Ann"):
        found = search.search_cases(worker, typed)
        assert [c.pk for c in found.cases] == [case.pk], typed
    assert search.search_cases(worker, "Tran Thi Binh").cases == []


def test_search_by_identity_number_and_phone(world, case):
    worker = world.users["case_worker"]
    assert search.search_cases(worker, "001 090 012 345").cases == [case]
    assert search.search_cases(worker, "+84 912 345 678").cases == [case]
    assert search.search_cases(worker, "0912.345.678").kinds[0] == "phone"


def test_search_stays_within_scope_and_is_audited(world, case):
    outsider = world.other_users["case_worker"]
    theirs = make_case(outsider, name="Nguyễn Văn An")
    assert search.search_cases(outsider, "Nguyen Van An").cases == [theirs]
    events = AuditEvent.objects.filter(event_type="CASES_SEARCHED")
    assert events.count() == 1
    # The audit names what kind of value was searched, never the value.
    event = events.get()
    assert event.data["by"] == ["name"]
    assert "Nguyen" not in str(event.data)


def test_bad_queries_are_clear_errors(world):
    with pytest.raises(ValidationError):
        search.search_cases(world.users["case_worker"], "a")
    with pytest.raises(ValidationError):
        search.search_cases(world.users["case_worker"], "@@@@")


def test_search_page(world, client_for, case):
    client = client_for(world.users["case_worker"])
    page = client.get("/cases/search/", {"q": "an nguyen van"})
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    assert client.get("/cases/search/", {"q": "x"}).status_code == 400
