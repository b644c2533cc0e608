"""The hotline's pages: the call page for the keyboard, a call becoming a tracing
request, the police's queue, and the family's page."""

from __future__ import annotations

import pytest

from ctip.core.models import Province
from ctip.hotline.models import Call, TracingRequest
from tests.hotline.factories import make_call, record_request

pytestmark = pytest.mark.django_db


def test_the_call_page_has_the_focus_on_its_first_field_and_chooses_nothing(
    world, client_for
) -> None:
    page = client_for(world.users["hotline_operator"]).get("/hotline/calls/new/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("autofocus") == 1
    # Every closed list starts on its empty choice: nothing is chosen for the operator.
    for name in ("channel", "caller_type", "language", "topic", "outcome"):
        select = html.split(f'name="{name}"')[1].split("</select>")[0]
        assert select.count(" selected") == 1
        assert 'value="" selected' in select


def test_a_call_is_logged_from_the_page_with_an_anonymous_caller(world, client_for) -> None:
    client = client_for(world.users["hotline_operator"])
    answer = client.post(
        "/hotline/calls/new/",
        {
            "channel": "zalo",
            "caller_type": "family",
            "language": "vi",
            "province": Province.objects.get(code="nghe-an").pk,
            "topic": "ransom",
            "outcome": "record_opened",
            "counselling": ["safety", "reporting"],
            "summary": "Họ đòi 100 triệu",
        },
    )
    assert answer.status_code == 302
    call = Call.objects.get()
    assert call.anonymous
    assert call.counselling == ["reporting", "safety"]


def test_a_call_form_left_empty_is_sent_back_with_words(world, client_for) -> None:
    answer = client_for(world.users["hotline_operator"]).post("/hotline/calls/new/", {})
    assert answer.status_code == 400
    assert Call.objects.count() == 0


def test_a_call_becomes_a_tracing_request_without_retyping(world, client_for) -> None:
    operator = world.users["hotline_operator"]
    call = make_call(
        operator,
        caller_name="Bà Hạnh",
        caller_phone="0912 111 222",
        summary="Con trai đi Campuchia làm việc",
    )
    client = client_for(operator)
    form = client.get(f"/hotline/requests/new/?call={call.pk}").content.decode()
    assert "Con trai đi Campuchia làm việc" in form
    assert "0912 111 222" in form
    answer = client.post(
        f"/hotline/requests/new/?call={call.pk}",
        {
            "full_name": "Nguyễn Văn Tú",
            "departure_mode": "job_offer",
            "country": "Campuchia",
            "family_phone": "0912 111 222",
            "narrative": "Con trai đi Campuchia làm việc",
            "contact_kind": "phone",
            "contact_value": "+855 12 345 678",
        },
    )
    assert answer.status_code == 201
    row = TracingRequest.objects.get()
    assert row.country == "KH"
    assert Call.objects.get(pk=call.pk).request_id == row.pk
    assert row.follow_code in answer.content.decode()


def test_the_queue_shows_no_names(world, client_for) -> None:
    record_request(world.users["hotline_operator"], "Nguyễn Văn Tú", minor=True)
    page = client_for(world.users["investigator"]).get("/hotline/requests/").content.decode()
    assert "Nguyễn Văn Tú" not in page
    assert "TR-" in page


def test_the_family_sees_the_status_only(world, client) -> None:
    recorded = record_request(world.users["hotline_operator"], "Nguyễn Văn Tú")
    answer = client.post(
        "/hotline/follow/",
        {"code": recorded.request.follow_code, "secret": recorded.secret},
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'data-testid="follow-status"' in html
    assert "Nguyễn Văn Tú" not in html
    assert "Nguyễn Thị Bình" not in html
    refused = client.post("/hotline/follow/", {"code": "TR-AAAA-BBBB", "secret": "x"})
    assert refused.status_code == 400


def test_the_family_page_speaks_vietnamese_in_the_words_the_browser_test_uses(client) -> None:
    html = client.get("/hotline/follow/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for words in ("Mã tra cứu của yêu cầu", "Mã bí mật", "Xem trạng thái"):
        assert words in html


def test_an_anonymous_caller_gives_a_name_only_when_a_case_is_opened(world, client_for) -> None:
    from ctip.cases.models import Case

    call = make_call(world.users["hotline_operator"], caller_type="victim", topic="support")
    client = client_for(world.users["hotline_operator"])
    refused = client.post(f"/hotline/calls/{call.pk}/open/", {"what": "case"}, follow=True)
    assert refused.status_code == 200
    assert Case.objects.count() == 0
    opened = client.post(
        f"/hotline/calls/{call.pk}/open/", {"what": "case", "full_name": "Hà Văn Sơn"}
    )
    assert opened.status_code == 302
    assert Case.objects.get().person.full_name == "Hà Văn Sơn"
