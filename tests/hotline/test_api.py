"""The hotline API: each action, answered in problem documents when the input is bad."""

from __future__ import annotations

import json

import pytest

from tests.hotline.factories import make_call, record_request
from tests.intel.factories import make_bank

pytestmark = pytest.mark.django_db


def _post(client, path: str, body: dict) -> object:
    return client.post(f"/api/v1/hotline{path}", json.dumps(body), content_type="application/json")


def test_a_call_is_logged_through_the_api(world, client_for) -> None:
    client = client_for(world.users["hotline_operator"])
    answer = _post(
        client,
        "/calls",
        {
            "channel": "phone",
            "caller_type": "at_risk",
            "language": "vi",
            "topic": "job_offer",
            "outcome": "counselled",
            "province": "ha-noi",
        },
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["anonymous"] is True


def test_bad_input_is_a_problem_document_never_a_500(world, client_for) -> None:
    client = client_for(world.users["hotline_operator"])
    wrong = _post(client, "/calls", {"channel": "pigeon"})
    assert wrong.status_code == 422
    assert wrong["Content-Type"].startswith("application/problem+json")
    province = _post(
        client,
        "/calls",
        {
            "channel": "phone",
            "caller_type": "victim",
            "language": "vi",
            "topic": "support",
            "outcome": "counselled",
            "province": "atlantis",
        },
    )
    assert province.status_code in (400, 422)
    nameless = _post(client, "/requests", {"full_name": "", "departure_mode": "unknown"})
    assert nameless.status_code == 422


def test_a_request_with_a_ransom_account_becomes_a_freeze_request(world, client_for) -> None:
    make_bank(world.national)
    operator = client_for(world.users["hotline_operator"])
    call = make_call(world.users["hotline_operator"])
    created = _post(
        operator,
        "/requests",
        {
            "full_name": "Nguyễn Văn Tú",
            "departure_mode": "job_offer",
            "country": "Campuchia",
            "home_province": "ha-noi",
            "call_id": call.pk,
            "family_phone": "0912 111 222",
        },
    )
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    police = client_for(world.users["investigator"])
    ransom = _post(
        police,
        f"/requests/{request_id}/ransom",
        {
            "account_kind": "bank_account",
            "account": "0011-0012-3456",
            "bank": "Vietcombank",
            "amount": "100 triệu",
            "freeze": True,
            "legal_basis": "Điều 150",
        },
    )
    assert ransom.status_code == 201, ransom.content
    assert ransom.json()["freeze_requests"]
    status = _post(police, f"/requests/{request_id}/status", {"status": "verifying"})
    assert status.status_code == 200
    follow = _post(
        client_for(world.users["statistician"]),
        "/follow",
        {"reference": created.json()["reference"], "secret": created.json()["secret"]},
    )
    assert follow.status_code == 200
    assert set(follow.json()) == {"reference", "status", "changed_on"}


def test_a_guessed_reference_is_refused_like_a_wrong_secret(world, client) -> None:
    recorded = record_request(world.users["hotline_operator"])
    unknown = _post(client, "/follow", {"reference": "TR-ZZZZ-ZZZZ", "secret": "x"})
    wrong = _post(client, "/follow", {"reference": recorded.request.follow_code, "secret": "x"})
    assert unknown.status_code == wrong.status_code == 404
    assert unknown.json()["detail"] == wrong.json()["detail"]


def test_a_lying_evidence_file_is_refused_in_words(world, client_for) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    recorded = record_request(world.users["hotline_operator"])
    client = client_for(world.users["hotline_operator"])
    answer = client.post(
        f"/api/v1/hotline/requests/{recorded.request.pk}/evidence",
        {"file": SimpleUploadedFile("voice.mp3", b"%PDF-1.4 not a voice")},
    )
    assert answer.status_code in (400, 422)
    assert "PDF" in answer.content.decode()
