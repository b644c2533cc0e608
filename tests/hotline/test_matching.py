"""A tracing request matched against persons in cases, and persons described elsewhere
matched against open requests (the function the cooperation app registers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ctip.core.models import Notification
from ctip.hotline import actions
from ctip.hotline.matching import PersonSought, requests_matching_person
from tests.cases.factories import make_case
from tests.hotline.factories import make_match, make_request

pytestmark = pytest.mark.django_db


def test_missing_diacritics_name_order_and_a_near_year_still_match(world) -> None:
    case = make_case(world.users["case_worker"], "Nguyễn Văn An", birth_date=dt.date(1998, 3, 14))
    row = make_request(world.users["hotline_operator"], "An Nguyen Van", birth_year=1999)
    found = actions.request_match(actor=world.users["investigator"], request=row)
    assert [m.case_id for m in found] == [case.pk]


def test_a_probable_match_tells_both_sides_by_reference_only(world) -> None:
    match = make_match(world)
    notices = Notification.objects.filter(message__startswith="hotline.match_for")
    assert {n.message for n in notices} == {"hotline.match_for_request", "hotline.match_for_case"}
    for notice in notices:
        assert "An" not in notice.subject
    assert match.state == "probable"


def test_a_confirmed_match_links_the_request_to_the_case(world) -> None:
    match = make_match(world)
    police = world.users["investigator"]
    actions.match_decide(actor=police, match=match, data=actions.MatchDecision(confirm=True))
    match.request.refresh_from_db()
    assert match.request.case_id == match.case_id
    with pytest.raises(ValidationError):
        actions.match_decide(actor=police, match=match, data=actions.MatchDecision(confirm=False))


def test_a_different_person_is_not_matched(world) -> None:
    make_case(world.users["case_worker"], "Trần Thị Mai", birth_date=dt.date(1975, 1, 2))
    row = make_request(world.users["hotline_operator"], "Nguyễn Văn An", birth_year=2001)
    assert actions.request_match(actor=world.users["investigator"], request=row) == []


def test_a_person_in_a_handover_list_finds_the_open_request_seeking_them(world) -> None:
    row = make_request(world.users["hotline_operator"], "Lê Thị Hồng Nhung", birth_year=2000)
    make_request(world.users["hotline_operator"], "Phạm Quốc Bảo", birth_year=1990)
    found = requests_matching_person(PersonSought(full_name="Nhung Le Thi Hong", birth_year=2001))
    assert [m.reference for m in found] == [row.follow_code]
    assert found[0].police_agency_id == row.police_id
    assert requests_matching_person(PersonSought(full_name="")) == ()


def test_any_frozen_description_with_a_name_and_a_birth_year_can_be_matched(world) -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class ManifestPerson:  # the shape another app's port hands over
        full_name: str
        birth_year: int | None

    row = make_request(world.users["hotline_operator"], "Vi Văn Hùng", birth_year=1996)
    found = requests_matching_person(ManifestPerson("VI VAN HUNG", 1996))
    assert [m.request_id for m in found] == [row.pk]


def test_the_request_page_says_how_likely_a_person_on_file_is_the_one_sought(
    world, client_for
) -> None:
    match = make_match(world)
    page = client_for(world.users["investigator"]).get(
        f"/hotline/requests/{match.request_id}/", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert any(
        words in text
        for words in ("Nhiều khả năng là cùng một người", "Có thể là cùng một người: cần kiểm tra")
    )
    assert f"· {match.level} ·" not in text
