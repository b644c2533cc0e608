"""How an age was estimated, given at intake on the page and through the API."""

import json

from ctip.cases.models import Case, Person
from tests.cases.factories import days_ago


def _form(key: str, **values: str) -> dict[str, str]:
    return {
        "idempotency_key": key,
        "full_name": "Lò Thị Mai",
        "sex": "female",
        "intake_channel": "border_detection",
        "intake_date": days_ago(0).isoformat(),
        "exit_mode": "escape",
        **values,
    }


def test_intake_page_records_how_the_age_was_estimated_and_shows_it_in_words(world, client_for):
    officer = world.users["intake_officer"]
    client = client_for(officer)
    page = client.get("/cases/new/", HTTP_ACCEPT_LANGUAGE="en")
    assert "How the age was estimated" in page.content.decode()
    assert "Medical examination" in page.content.decode()
    answer = client.post("/cases/new/", _form("a1", age="15", age_basis="appearance"))
    assert answer.status_code == 302
    case = Case.objects.get()
    assert case.person.age_basis == "appearance"
    assert case.child
    shown = client.get(answer["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Estimated from appearance and the interview" in shown
    shown = client.get(answer["Location"], HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Ước đoán qua ngoại hình và trao đổi" in shown


def test_intake_page_refuses_an_unknown_method_or_a_method_without_an_age(world, client_for):
    client = client_for(world.users["intake_officer"])
    unknown = client.post("/cases/new/", _form("b1", age="15", age_basis="guess"))
    assert unknown.status_code == 400
    assert "age_basis" in unknown.context["form"].errors
    alone = client.post("/cases/new/", _form("b2", age_basis="medical"), HTTP_ACCEPT_LANGUAGE="en")
    assert alone.status_code == 400
    assert "Give the age or the date of birth that was estimated this way." in (
        alone.content.decode()
    )
    assert not Case.objects.exists()
    assert not Person.objects.exists()


def _post(client, body):
    return client.post("/api/v1/cases", json.dumps(body), content_type="application/json")


def test_api_records_the_method_and_refuses_bad_input(world, client_for):
    client = client_for(world.users["intake_officer"])
    body = {
        "full_name": "Lò Thị Mai",
        "intake_channel": "border_detection",
        "intake_date": days_ago(0).isoformat(),
        "age_min": 14,
        "age_max": 16,
    }
    created = _post(client, body | {"age_basis": "medical"})
    assert created.status_code == 201
    assert created.json()["person"]["age_basis"] == "medical"
    assert Person.objects.get().age_basis == "medical"
    unknown = _post(client, body | {"age_basis": "a guess"})
    assert unknown.status_code == 422
    assert unknown["Content-Type"].startswith("application/problem+json")
    without_age = {k: v for k, v in body.items() if not k.startswith("age_")}
    alone = _post(client, without_age | {"age_basis": "stated"})
    assert alone.status_code == 422
    assert "age_basis" in alone.content.decode()
    assert Case.objects.count() == 1
