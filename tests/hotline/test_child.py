"""A person sought who is, or may be, under 18 is a child in the request (more urgent), and
a case intake opened from the request carries the presumption and the age's basis."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ctip.cases.engine.children import AgeBand, AgeFacts, age_band
from ctip.cases.models import Case
from ctip.core.models import AuditEvent
from ctip.hotline import actions
from ctip.hotline.engine.urgency import MINOR
from tests.hotline.factories import make_request

pytestmark = pytest.mark.django_db


def test_a_person_who_is_or_may_be_under_18_is_a_child_in_the_request(world) -> None:
    operator = world.users["hotline_operator"]
    year = timezone.localdate().year
    surely = make_request(operator, "Hoàng Văn Em", birth_year=year - 16)
    maybe = make_request(operator, "Đỗ Văn Giang", birth_year=year - 18)  # 17 or 18
    adult = make_request(operator, "Phạm Văn Dũng", birth_year=year - 19)
    assert (surely.minor, maybe.minor, adult.minor) == (True, True, False)
    assert surely.urgency == MINOR
    assert adult.urgency == 0


def test_a_case_opened_from_the_request_keeps_the_presumption_and_its_basis(world) -> None:
    operator = world.users["hotline_operator"]
    year = timezone.localdate().year
    row = make_request(operator, "Đỗ Văn Giang", birth_year=year - 18, country="KH")
    case_id = actions.request_open_case(actor=operator, request=row)
    person = Case.objects.select_related("person").get(pk=case_id).person
    assert (person.age_min, person.age_max, person.age_basis) == (17, 18, "relative")
    facts = AgeFacts(
        age_min=person.age_min, age_max=person.age_max, estimated_in=person.age_estimated_in
    )
    assert age_band(facts, timezone.localdate()) == AgeBand.PRESUMED_CHILD
    row.refresh_from_db()
    assert row.case_id == case_id
    assert actions.request_open_case(actor=operator, request=row) == case_id  # once
    event = AuditEvent.objects.get(event_type="HOTLINE_REQUEST_CASE_OPENED")
    assert event.data["child"] is True
    # The police of another province cannot open one from this request.
    with pytest.raises(PermissionDenied):
        actions.request_open_case(actor=world.other_users["hotline_operator"], request=row)


def test_a_minor_with_no_birth_year_opens_a_presumed_childs_case(world, client_for) -> None:
    operator = world.users["hotline_operator"]
    row = make_request(operator, "Hoàng Thị Hoa", birth_year=None, minor=True, country="KH")
    case_id = actions.request_open_case(actor=operator, request=row)
    case = Case.objects.select_related("person").get(pk=case_id)
    person = case.person
    assert (person.age_min, person.age_max, person.age_basis) == (8, 18, "relative")
    assert case.child is True
    facts = AgeFacts(
        age_min=person.age_min, age_max=person.age_max, estimated_in=person.age_estimated_in
    )
    today = timezone.localdate()
    assert age_band(facts, today) == AgeBand.PRESUMED_CHILD
    # Still presumed a child while a request can last, not an adult after a year.
    assert age_band(facts, today.replace(year=today.year + 5)) == AgeBand.PRESUMED_CHILD
    event = AuditEvent.objects.get(event_type="HOTLINE_REQUEST_CASE_OPENED")
    assert event.data["child"] is True
    # The case page says in words where the age came from.
    page = client_for(world.users["case_worker"]).get(f"/cases/{case_id}/")
    assert "Người thân cho biết" in page.content.decode()


def test_a_request_with_neither_a_year_nor_the_minor_flag_gives_the_case_no_age(world) -> None:
    operator = world.users["hotline_operator"]
    row = make_request(operator, "Trần Văn Bình", birth_year=None)
    person = Case.objects.get(pk=actions.request_open_case(actor=operator, request=row)).person
    assert (person.age_min, person.age_max, person.age_basis) == (None, None, "")


def test_the_api_opens_the_case_and_links_it(world, client_for) -> None:
    row = make_request(world.users["hotline_operator"], birth_year=timezone.localdate().year - 15)
    answer = client_for(world.users["hotline_operator"]).post(
        f"/api/v1/hotline/requests/{row.pk}/case", {}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert answer.json()["case_id"] == Case.objects.get().pk
    assert answer.json()["minor"] is True


def test_the_request_page_opens_the_case(world, client_for) -> None:
    row = make_request(world.users["hotline_operator"], birth_year=timezone.localdate().year - 15)
    answer = client_for(world.users["hotline_operator"]).post(f"/hotline/requests/{row.pk}/case/")
    case = Case.objects.get()
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"/{case.pk}/")
