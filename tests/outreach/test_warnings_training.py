"""Public warnings (two people, feed, share links) and officers' training figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ctip.core.models import User
from ctip.outreach import actions, figures
from tests.conftest import World
from tests.outreach import factories as f


def test_the_author_cannot_publish_their_own_warning(world: World) -> None:
    lead = world.users["communication_lead"]
    w = f.warning(lead)
    with pytest.raises(PermissionDenied):
        actions.warning_publish(actor=lead, warning_id=w.pk)


def test_a_second_person_publishes_and_it_shows_on_the_site_and_the_feed(world: World) -> None:
    w = f.warning(world.users["communication_officer"])
    public = Client()
    assert public.get(f"/warnings/{w.pk}/").status_code == 404  # a draft is not public
    actions.warning_publish(actor=world.users["communication_lead"], warning_id=w.pk)
    page = public.get("/warnings/", HTTP_ACCEPT_LANGUAGE="vi")
    assert "Cảnh báo: tuyển người đi Campuchia" in page.content.decode()
    detail = public.get(f"/warnings/{w.pk}/").content.decode()
    assert "facebook.com/sharer" in detail
    assert "sp.zalo.me" in detail
    feed = public.get("/warnings/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<feed" in body
    assert f"/warnings/{w.pk}/" in body


def test_the_feed_and_pages_speak_english_too(world: World) -> None:
    w = f.warning(world.users["communication_officer"])
    actions.warning_publish(actor=world.users["communication_lead"], warning_id=w.pk)
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(f"/warnings/{w.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Warning: easy jobs with high pay in Cambodia" in page


def test_another_agency_cannot_publish(world: World) -> None:
    w = f.warning(world.users["communication_officer"])
    from django.http import Http404

    with pytest.raises(Http404):
        actions.warning_publish(actor=world.other_users["communication_lead"], warning_id=w.pk)


def test_a_warning_needs_both_languages(world: World) -> None:
    with pytest.raises(ValidationError, match="both languages"):
        f.warning(world.users["communication_officer"], title_en="  ")


def test_training_figures_by_agency_province_and_topic(world: World) -> None:
    officer = world.users["communication_officer"]
    session = f.training_session(officer)
    staff = [world.users["investigator"], world.users["case_worker"], world.users["analyst"]]
    actions.attendance_record(
        actor=officer,
        session_id=session.pk,
        attendees=(
            actions.AttendeeInput(staff[0].pk, "passed", 90, "CT-2026-001"),
            actions.AttendeeInput(staff[1].pk, "failed", 40),
            actions.AttendeeInput(staff[2].pk, "absent"),
        ),
    )
    fig = figures.training(date(2026, 1, 1), date(2026, 12, 31))
    assert fig.rows == (figures.TrainingCount("t-police-hn", "ha-noi", "identification", 2, 1, 1),)
    assert fig.by("topic") == {"identification": 2}


def test_attendees_come_from_the_agency_and_a_certificate_needs_a_pass(world: World) -> None:
    officer = world.users["communication_officer"]
    session = f.training_session(officer)
    with pytest.raises(ValidationError, match="staff of your agency"):
        actions.attendance_record(
            actor=officer,
            session_id=session.pk,
            attendees=(actions.AttendeeInput(world.other_users["analyst"].pk, "passed"),),
        )
    with pytest.raises(ValidationError, match="certificate"):
        actions.attendance_record(
            actor=officer,
            session_id=session.pk,
            attendees=(actions.AttendeeInput(world.users["analyst"].pk, "failed", None, "X1"),),
        )


def test_pages_render(world: World, client_for: Callable[[User], Client]) -> None:
    officer = world.users["communication_officer"]
    lst = f.subscriber_list(officer)
    campaign = f.campaign(officer, lst)
    session = f.training_session(officer)
    client = client_for(officer)
    for url in (
        "/outreach/",
        "/outreach/campaigns/new/",
        f"/outreach/campaigns/{campaign.pk}/",
        "/outreach/lists/",
        "/outreach/warnings/",
        "/outreach/training/",
        f"/outreach/training/sessions/{session.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/outreach/campaigns/{campaign.pk}/").content.decode()
    assert "Canh bao: viec nhe luong cao" in page


def test_a_schedule_outside_the_hours_is_a_form_error(
    world: World, client_for: Callable[[User], Client]
) -> None:
    officer = world.users["communication_officer"]
    campaign = f.campaign(officer, f.subscriber_list(officer))
    answer = client_for(officer).post(
        f"/outreach/campaigns/{campaign.pk}/",
        {"starts_at": f.tomorrow_at(23).strftime("%Y-%m-%dT%H:%M")},
    )
    assert answer.status_code == 400
    assert "07:00" in answer.content.decode()


def test_the_api_refuses_a_too_long_template_with_a_problem(
    world: World, client_for: Callable[[User], Client]
) -> None:
    officer = world.users["communication_officer"]
    lst = f.subscriber_list(officer)
    answer = client_for(officer).post(
        "/api/v1/outreach/campaigns",
        {
            "name": "x",
            "text_vi": "Cảnh báo " * 40,
            "variant": "vi",
            "encoding": "ucs2",
            "max_parts": 1,
            "lists": [lst.pk],
        },
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer["Content-Type"].startswith("application/problem+json")
    assert "UCS-2" in answer.content.decode()


def test_the_api_imports_a_list_and_reports_rows(
    world: World, client_for: Callable[[User], Client]
) -> None:
    answer = client_for(world.users["communication_officer"]).post(
        "/api/v1/outreach/lists",
        {"name": "API", "csv": f.CSV},
        content_type="application/json",
    )
    assert answer.status_code == 201
    body = answer.json()
    assert body["imported"] == 3
    assert [e["row"] for e in body["errors"]] == [5, 6, 7]


def test_a_warning_drafted_from_a_network_names_only_verified_contact_points(
    world: World,
) -> None:
    from ctip.intel.actions import IndicatorInput, indicator_verify
    from tests.intel.factories import ACCOUNT, PHONE, make_report

    investigator = world.users["investigator"]
    report = make_report(investigator, PHONE, ACCOUNT, IndicatorInput("name", "Công ty Việc Nhanh"))
    make_report(investigator, PHONE)
    report.refresh_from_db()  # a network is named after its smallest report reference
    analyst = world.users["analyst"]
    with pytest.raises(ValidationError, match="verified"):
        actions.warning_from_network(actor=analyst, cluster_id=str(report.cluster_id))
    phone = report.indicators.get(kind="phone")
    indicator_verify(actor=investigator, indicator=phone)
    report.refresh_from_db()
    w = actions.warning_from_network(actor=analyst, cluster_id=str(report.cluster_id))
    assert w.kind == "verified"
    assert w.state == "draft"
    assert phone.display in w.body_vi
    assert phone.display in w.body_en
    assert "Số điện thoại" in w.body_vi
    assert "Phone number" in w.body_en
    assert "0011" not in w.body_en  # the account is not verified
    assert "Việc Nhanh" not in w.body_vi  # never a name
    from django.http import Http404

    with pytest.raises(Http404):  # the communication officer reads no intel
        actions.warning_from_network(
            actor=world.users["communication_officer"], cluster_id=str(report.cluster_id)
        )
    with pytest.raises(Http404):  # another agency's analyst does not see the network
        actions.warning_from_network(
            actor=world.other_users["analyst"], cluster_id=str(report.cluster_id)
        )


def test_the_training_page_shows_figures_of_the_agency_only(
    world: World, client_for: Callable[[User], Client]
) -> None:
    from django.utils import timezone

    officer = world.users["communication_officer"]
    session = f.training_session(officer)
    session.starts_on = timezone.localdate()
    session.save()
    actions.attendance_record(
        actor=officer,
        session_id=session.pk,
        attendees=(actions.AttendeeInput(world.users["analyst"].pk, "passed", 80, "C-1"),),
    )
    import re

    def summary(user: User) -> str:
        page = client_for(user).get("/outreach/training/").content.decode()
        found = re.search(r'data-testid="training-summary".*?</table>', page, re.S)
        assert found is not None
        return found.group(0)

    mine = summary(officer)
    assert "Công an Hà Nội" in mine
    assert "Nhận diện nạn nhân" in mine
    assert "<td>1</td><td>1</td><td>1</td>" in mine
    assert "Công an Hà Nội" not in summary(world.other_users["communication_officer"])


def test_withdrawing_from_the_warning_page_says_why_not_when_refused(
    world: World, client_for: Callable[[User], Client]
) -> None:
    w = f.warning(world.users["communication_officer"])
    client = client_for(world.users["communication_lead"])
    refused = client.post(f"/outreach/warnings/{w.pk}/withdraw/")  # a draft, not published
    assert refused.status_code == 302
    assert refused["Location"] == f"/outreach/warnings/{w.pk}/"
    said = [str(m) for m in get_messages(refused.wsgi_request)]
    assert said == ["Chỉ cảnh báo đã đăng mới gỡ được."]
    assert "Chỉ cảnh báo đã đăng mới gỡ được." in client.get(refused["Location"]).content.decode()
    actions.warning_publish(actor=world.users["communication_lead"], warning_id=w.pk)
    done = client.post(f"/outreach/warnings/{w.pk}/withdraw/")
    assert done["Location"] == f"/outreach/warnings/{w.pk}/"
    assert [str(m) for m in get_messages(done.wsgi_request)] == []
    assert Client().get(f"/warnings/{w.pk}/").status_code == 404


def test_the_training_page_checks_the_form_posted(
    world: World, client_for: Callable[[User], Client]
) -> None:
    from ctip.outreach.models import Course, TrainingSession

    client = client_for(world.users["communication_officer"])
    # Neither form named: nothing is checked, the page again.
    assert client.post("/outreach/training/", {"title": "X"}).status_code == 400
    wrong = client.post("/outreach/training/", {"form": "course", "title": ""})
    assert wrong.status_code == 400
    assert wrong.context["course_form"].errors["title"]
    assert not wrong.context["session_form"].errors
    made = client.post(
        "/outreach/training/",
        {"form": "course", "title": "Nhận diện", "topic": "identification", "level": "basic"},
    )
    assert (made.status_code, made["Location"]) == (302, "/outreach/training/")
    course = Course.objects.get(title="Nhận diện")
    held = client.post(
        "/outreach/training/",
        {
            "form": "session",
            "course": course.pk,
            "starts_on": "2026-11-20",
            "place": "Học viện",
            "province": "ha-noi",
            "trainer": "Trần B",
        },
    )
    assert held.status_code == 302, held.content.decode()[-2000:]
    session = TrainingSession.objects.get(course=course)
    assert held["Location"] == f"/outreach/training/sessions/{session.pk}/"
