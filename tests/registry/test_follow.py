"""The reporter of an incident abroad follows it with a reference and a secret, without an
account (``ctip.core.follow``): the status in words and its dates, nothing else."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from ctip.core import follow
from ctip.registry import actions
from ctip.registry.models import Incident
from tests.registry.factories import make_board, make_enterprise, make_incident

pytestmark = pytest.mark.django_db

REPORT = {
    "kind": "passport",
    "reporter": "family",
    "country": "JP",
    "worker_name": "Nguyễn Thị Lan",
    "enterprise": "123/LĐTBXH-GP",
    "narrative": "Chủ giữ hộ chiếu của em tôi từ tháng trước.",
}


def _api(client, path, body):
    return client.post(f"/api/v1/registry{path}", body, content_type="application/json")


def _reported(world):
    make_board(world)
    make_enterprise(world.users["labour_officer"])
    return actions.incident_report(actor=None, data=actions.IncidentInput(**REPORT))


def test_the_secret_is_kept_hashed_and_only_public_reports_have_one(world):
    reported = _reported(world)
    stored = Incident.objects.get(pk=reported.incident.pk)
    assert len(reported.follow_secret) >= 20
    assert stored.follow_secret_hash == follow.secret_hash(reported.follow_secret)
    assert reported.follow_secret not in stored.follow_secret_hash
    staff = make_incident(world)
    assert staff.follow_secret_hash == ""
    with pytest.raises(follow.FollowRefused):
        follow.check(
            Incident.objects.exclude(follow_secret_hash=""),
            staff.reference,
            "",
            code_field="reference",
        )


def test_the_page_shows_the_status_and_dates_and_nothing_of_the_answer(world, client_for):
    make_board(world)
    make_enterprise(world.users["labour_officer"])
    public = Client(HTTP_ACCEPT_LANGUAGE="en")
    thanks = public.post("/abroad/report/", REPORT)
    assert thanks.status_code == 200
    assert "no-store" in thanks["Cache-Control"]
    text = thanks.content.decode()
    incident = Incident.objects.get()
    assert incident.reference in text
    secret = text.split('data-testid="follow-secret">')[1].split("<")[0]
    board = client_for(world.users["board_officer"])
    board.post(f"/registry/incidents/{incident.pk}/acknowledge/")
    board.post(
        f"/registry/incidents/{incident.pk}/close/",
        {"outcome": "moved_employer", "note": "Doanh nghiệp đã chuyển chủ mới."},
    )
    page = public.post("/abroad/report/status/", {"code": incident.reference, "secret": secret})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="follow-status"' in body
    assert "Closed" in body
    for hidden in (
        "Moved to another employer",  # the outcome
        "Doanh nghiệp đã chuyển chủ mới",  # the staff note
        "Sao Mai",  # the enterprise
        "Ban Quản lý",  # the Board
        "Nguyễn Thị Lan",
        "Chủ giữ hộ chiếu",
    ):
        assert hidden not in body
    vietnamese = Client(HTTP_ACCEPT_LANGUAGE="vi").post(
        "/abroad/report/status/", {"code": incident.reference, "secret": secret}
    )
    assert "Trạng thái" in vietnamese.content.decode()


def test_a_guessed_secret_is_refused_like_an_unknown_reference(world):
    reported = _reported(world)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    wrong = client.post(
        "/abroad/report/status/", {"code": reported.incident.reference, "secret": "guess"}
    )
    unknown = client.post("/abroad/report/status/", {"code": "NN-ZZZZ-ZZZZ", "secret": "guess"})
    assert wrong.status_code == unknown.status_code == 400
    assert "Nothing matches this reference and secret." in wrong.content.decode()
    assert 'data-testid="follow-status"' not in wrong.content.decode()
    api_wrong = _api(
        client, "/incidents/follow", {"reference": reported.incident.reference, "secret": "x"}
    )
    api_unknown = _api(client, "/incidents/follow", {"reference": "NN-ZZZZ-ZZZZ", "secret": "x"})
    assert api_wrong.status_code == api_unknown.status_code == 404
    assert api_wrong.json()["detail"] == api_unknown.json()["detail"]


def test_the_api_reports_gives_the_secret_and_follows_with_status_words_only(world, client_for):
    make_board(world)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    report = _api(
        client, "/incidents/report", {"kind": "unpaid_wages", "reporter": "worker", "country": "JP"}
    )
    assert report.status_code == 201
    credentials = report.json()
    assert set(credentials) == {"reference", "secret"}
    board = client_for(world.users["board_officer"])
    incident = Incident.objects.get(reference=credentials["reference"])
    _api(board, f"/incidents/{incident.pk}/acknowledge", {})
    answer = _api(client, "/incidents/follow", credentials)
    assert answer.status_code == 200
    assert set(answer.json()) == {"reference", "status", "reported_on", "changed_on"}
    assert answer.json()["status"] == "Being handled"


def test_guessing_locks_the_reference_even_for_the_right_secret(world):
    reported = _reported(world)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    reference = reported.incident.reference
    with override_settings(CTIP_INTEL_FOLLOWS_PER_MINUTE=1000):
        for _ in range(follow.MAX_FOLLOW_FAILURES):
            _api(client, "/incidents/follow", {"reference": reference, "secret": "guess"})
        right = {"reference": reference, "secret": reported.follow_secret}
        locked = _api(client, "/incidents/follow", right)
    assert locked.status_code == 404
    assert "Too many wrong secrets" in locked.json()["detail"]


@override_settings(CTIP_INTEL_FOLLOWS_PER_MINUTE=2)
def test_the_follow_page_and_api_are_rate_limited_per_address(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(2):
        client.post("/abroad/report/status/", {"code": "NN-ZZZZ-ZZZZ", "secret": "x"})
    limited = client.post("/abroad/report/status/", {"code": "NN-ZZZZ-ZZZZ", "secret": "x"})
    assert limited.status_code == 429
    assert 'data-testid="rate-limited"' in limited.content.decode()
    # The page and the API count together: guesses cannot be split between them.
    answer = _api(client, "/incidents/follow", {"reference": "NN-ZZZZ-ZZZZ", "secret": "x"})
    assert answer.status_code == 429
