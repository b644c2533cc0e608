"""The API of a child's case: /api/v1/cases/{id}/child/..."""

import json

from tests.cases.factories import days_ago, make_case


def _post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def test_child_api_journey_and_bad_input(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(
        worker, "Lò Thị Mai", birth_date=None, age_min=15, age_max=15, age_basis="appearance"
    )
    client = client_for(worker)
    base = f"/api/v1/cases/{case.pk}/child"
    assert client.get(base).json()["band"] == "under_16"
    father = _post(client, f"{base}/guardians", {"full_name": "Lò Văn Páo", "relation": "father"})
    assert father.status_code == 201
    suspect = _post(
        client, f"{base}/guardians/{father.json()['id']}/suspicion", {"suspicion": "Sold the debt"}
    )
    assert suspect.status_code == 201
    alone = _post(client, f"{base}/consents", {"processing": True, "given_on": days_ago(0)})
    assert alone.status_code == 422
    assert alone["Content-Type"].startswith("application/problem+json")
    by_father = _post(
        client,
        f"{base}/consents",
        {"processing": True, "given_on": days_ago(0), "guardian": father.json()["id"]},
    )
    assert by_father.status_code == 422
    rep = _post(
        client,
        f"{base}/guardians",
        {"full_name": "Hà Thị Lan", "relation": "appointed", "appointed_by": "Commune committee"},
    ).json()
    consent = _post(
        client,
        f"{base}/consents",
        {"processing": True, "given_on": days_ago(0), "guardian": rep["id"], "child_views": "Aunt"},
    )
    assert consent.status_code == 201
    adult = _post(
        client,
        f"/api/v1/cases/{case.pk}/screenings",
        {"answers": {"e_forced_to_defraud": "yes"}, "interviewed_on": days_ago(0), "version": 1},
    )
    assert adult.status_code == 422
    interview = _post(
        client,
        f"{base}/interviews",
        {
            "answers": {"r_work_differed": "yes", "e_forced_to_defraud": "yes"},
            "interviewed_on": days_ago(0),
            "support_person": "Hà Thị Lan",
            "interviewer_qualification": "Child protection course 2025",
            "version": 1,
        },
    )
    assert interview.status_code == 201
    decision = _post(
        client_for(world.users["supervisor"]),
        f"{base}/best-interests",
        {
            "family_situation": "Father sold the debt",
            "family_involved": "yes",
            "safety_at_home": "unsafe",
            "placement": "relatives",
            "placement_with": "Aunt",
            "commune_officer": "Vàng Thị Dua",
            "decided_on": days_ago(0),
        },
    )
    assert decision.status_code == 201
    assert decision.json()["steps"][1] == {"code": "assess", "label": "Đánh giá", "done": True}
    other = client_for(world.other_users["case_worker"])
    assert other.get(base).status_code == 404
