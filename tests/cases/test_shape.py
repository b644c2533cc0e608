"""The shape of the cases app: actions, reads and pages split by sub-domain, each action atomic
as a whole with its checks, one lead-agency check, and one case file for the page and the
API."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from ninja.responses import NinjaJSONEncoder

from ctip.cases import actions, selectors
from ctip.cases.actions import checks, status
from ctip.cases.schemas import CaseOut
from tests.cases.factories import days_ago, make_case, make_referral, screened

APP = Path(actions.__file__).parent.parent
# Predicates and lookups the package also exports: they write nothing.
READS = {
    "answers",
    "consent_allows_sharing",
    "involved_agencies",
    "leads",
    "receives",
    "receiving_agency",
}


@pytest.mark.parametrize("package", ["actions", "selectors", "views"])
def test_no_module_of_the_packages_is_over_400_lines(package):
    sizes = {p.name: len(p.read_text().splitlines()) for p in (APP / package).glob("*.py")}
    assert len(sizes) > 5
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_every_action_is_one_transaction_checks_included():
    writes = [
        name
        for name in actions.__all__
        if inspect.isfunction(getattr(actions, name)) and name not in READS
    ]
    assert len(writes) > 20
    # ``transaction.atomic`` as a decorator wraps the whole function.
    assert [n for n in writes if not hasattr(getattr(actions, n), "__wrapped__")] == []


def test_the_lead_agency_check_runs_inside_the_action_transaction(world, monkeypatch):
    worker = world.users["case_worker"]
    case = screened(make_case(worker), worker)
    depth_outside = len(connection.savepoint_ids)
    seen: list[int] = []
    original = checks.require_lead

    def spy(*args, **kwargs):
        seen.append(len(connection.savepoint_ids))
        return original(*args, **kwargs)

    monkeypatch.setattr(status, "require_lead", spy)
    status.case_transition(actor=worker, case=case, target="identification", version=case.version)
    assert seen == [depth_outside + 1]


def test_the_lead_agency_check_is_written_once():
    """No action module tests the lead agency itself: they all call ``require_lead``."""
    for path in (APP / "actions").glob("*.py"):
        if path.name == "checks.py":
            continue
        text = path.read_text()
        assert "lineage(" not in text, path.name
        assert "if not leads(" not in text, path.name


def test_only_the_lead_agency_changes_a_case(world):
    case = make_case(world.users["case_worker"])
    other = world.other_users["supervisor"]
    with pytest.raises(PermissionDenied):
        checks.require_lead(other, case, "cases.change_case")
    checks.require_lead(world.users["case_worker"], case, "cases.change_case")


def test_the_api_detail_is_the_case_file(world, client_for):
    worker = world.users["case_worker"]
    referral = make_referral(world)
    case = referral.case
    body = client_for(worker).get(f"/api/v1/cases/{case.pk}").json()
    found = selectors.file_of(worker, case)
    expected = json.dumps(CaseOut.from_orm(found).model_dump(), cls=NinjaJSONEncoder)
    assert body == json.loads(expected)
    assert body["referrals"][0]["agency"] == world.agency.code
    assert body["consent"]["processing"] is True
    assert body["person"]["full_name"] == case.person.full_name


def test_the_case_page_shows_the_case_file(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(worker, intake_date=days_ago(3))
    page = selectors.case_page(worker, case.pk, "en")
    assert page.file.case == case
    assert page.leads is True
    assert "screening" in page.targets
    response = client_for(worker).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert response.context["person"] == page.file.person


def test_the_page_and_the_api_list_the_same_cases(world, client_for):
    worker = world.users["case_worker"]
    made = [make_case(worker, name, intake_date=days_ago(n)) for n, name in enumerate("ABC")]
    page = selectors.case_list_page(worker, show="all", page_number=None)
    listed = client_for(worker).get("/api/v1/cases").json()["items"]
    assert [c.pk for c in page.page.object_list] == [row["id"] for row in listed]
    assert [c.pk for c in made] == [row["id"] for row in listed]


def test_the_import_answer_points_to_the_job_that_holds_the_report(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    listing = "full_name,birth_date,sex\nLê Văn Cường,1995-02-03,nam\n,,\nX,2999-01-01,nam\n"
    client = client_for(world.users["case_worker"])

    def send():
        upload = SimpleUploadedFile("list.csv", listing.encode(), content_type="text/csv")
        return client.post(
            "/api/v1/cases/imports",
            {"file": upload, "handover_date": days_ago(1).isoformat()},
        )

    first = send()
    assert first.status_code == 202, first.content
    started = first.json()
    assert started["progress_url"] == f"/api/v1/jobs/{started['job_id']}"
    assert started["page_url"] == f"/jobs/{started['job_id']}/"
    job = client.get(started["progress_url"]).json()
    assert (job["kind"], job["status"]) == ("cases.import", "done")
    assert (job["done"], job["total"]) == (2, 2)
    body = job["summary"]
    assert body["rows_total"] == 2
    assert len(body["created"]) == 1
    assert body["created"][0]["reference"].startswith("CTIP-")
    assert body["problems"][0]["row"] == 4
    again = client.get(send().json()["progress_url"]).json()["summary"]
    assert again["already_imported"] is True
    assert again["id"] == body["id"]
    assert again["created"] == []
