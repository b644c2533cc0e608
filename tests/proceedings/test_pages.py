"""Pages and API of proceedings: the case worker sees the stage and not the file, every
read of the file is audited, bad input is a clear 4xx with nothing written."""

from __future__ import annotations

import pytest

from ctip.core.models import AuditEvent
from ctip.proceedings import actions
from ctip.proceedings.models import CaseDecision, Charge, CriminalCase, Denunciation
from tests.cases.factories import make_case
from tests.proceedings.factories import charged_case, days_ago, make_criminal_case

pytestmark = pytest.mark.django_db


def test_the_victims_case_worker_sees_the_stage_and_not_the_file(world, client_for):
    protection = make_case(world.users["case_worker"])
    found = make_criminal_case(world, title="Vụ Lê Văn C bán người")
    actions.victim_add(
        actor=world.users["investigator"],
        data=actions.VictimInput(case_id=found.pk, protection_case_id=protection.pk),
    )
    worker = client_for(world.users["case_worker"])
    page = worker.get(f"/cases/{protection.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tố tụng hình sự" in text
    assert found.reference in text
    assert "Khởi tố" in text
    assert "Lê Văn C" not in text
    assert worker.get(f"/proceedings/cases/{found.pk}/").status_code in (403, 404)
    assert worker.get(f"/api/v1/proceedings/cases/{found.pk}").status_code == 403


def test_the_victim_copies_sex_and_age_band_only(world):
    protection = make_case(world.users["case_worker"], sex="female")
    found = make_criminal_case(world)
    victim = actions.victim_add(
        actor=world.users["investigator"],
        data=actions.VictimInput(case_id=found.pk, protection_case_id=protection.pk, sex="male"),
    )
    assert victim.sex == "female"
    assert victim.under_16 is False


def test_every_read_of_the_file_is_audited_and_other_agencies_get_404(world, client_for):
    found, _ = charged_case(world)
    client = client_for(world.users["investigator"])
    assert client.get(f"/proceedings/cases/{found.pk}/").status_code == 200
    assert client.get(f"/api/v1/proceedings/cases/{found.pk}").status_code == 200
    reads = AuditEvent.objects.filter(
        event_type="RECORD_VIEWED", target_type="proceedings.criminalcase", target_id=str(found.pk)
    )
    assert reads.count() == 2
    other = client_for(world.other_users["investigator"])
    assert other.get(f"/proceedings/cases/{found.pk}/").status_code == 404
    assert other.get(f"/api/v1/proceedings/cases/{found.pk}").status_code == 404
    assert found.reference not in other.get("/proceedings/cases/").content.decode()


def test_denunciation_to_case_through_the_pages(world, client_for):
    client = client_for(world.users["investigator"])
    response = client.post(
        "/proceedings/denunciations/new/",
        {
            "kind": "crime_report",
            "received_on": days_ago(3).isoformat(),
            "summary": "Báo tin về đường dây đưa người sang Campuchia",
            "source_kind": "none",
        },
    )
    assert response.status_code == 302
    found = Denunciation.objects.get()
    response = client.post(
        f"/proceedings/denunciations/{found.pk}/resolve/",
        {
            "resolution": "prosecute",
            "decided_on": days_ago(1).isoformat(),
            "case_title": "Vụ án đưa người trái phép",
            "seriousness": "serious",
        },
    )
    case = CriminalCase.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/proceedings/cases/{case.pk}/")
    response = client.post(
        f"/proceedings/cases/{case.pk}/decide/",
        {"kind": "indict", "decided_on": days_ago(0).isoformat(), "version": case.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "cannot be recorded now" in response.content.decode()
    assert CaseDecision.objects.filter(case=case).count() == 1


def test_api_refuses_bad_input_with_problem_json(world, client_for):
    found, person_id = charged_case(world)
    client = client_for(world.users["investigator"])
    response = client.post(
        f"/api/v1/proceedings/cases/{found.pk}/decisions",
        {"kind": "final_judgment", "decided_on": days_ago(1).isoformat()},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert "cannot be recorded now" in response.content.decode()
    response = client.post(
        f"/api/v1/proceedings/accused/{person_id}/charges",
        {"article": "151", "act": "Bán 3 phụ nữ qua cửa khẩu Mộc Bài"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "already charged for this act" in response.content.decode()
    assert Charge.objects.filter(accused_id=person_id).count() == 1
    response = client.post(
        f"/api/v1/proceedings/cases/{found.pk}/decisions",
        {"kind": "conclude_investigation", "decided_on": days_ago(200).isoformat()},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "before the case began" in response.content.decode()


def test_api_records_an_asset_typed_as_people_type_it(world, client_for):
    found = make_criminal_case(world)
    client = client_for(world.users["investigator"])
    response = client.post(
        f"/api/v1/proceedings/cases/{found.pk}/assets",
        {
            "description": "Tài khoản VCB của đối tượng",
            "amount": "1,5 tỷ",
            "status": "frozen",
            "status_on": days_ago(1).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    file = client.get(f"/api/v1/proceedings/cases/{found.pk}").json()
    assert file["assets"][0]["amount_vnd"] == 1_500_000_000


def test_figures_api_for_the_statistician(world, client_for):
    make_criminal_case(world, initiated_on=days_ago(10))
    client = client_for(world.users["statistician"])
    today = days_ago(0)
    response = client.get(
        f"/api/v1/proceedings/figures?start={today.replace(month=1, day=1)}&end={today}"
    )
    assert response.status_code == 200
    assert response.json()["current"]["prosecutions_initiated"] >= 0
    assert (
        client_for(world.users["investigator"])
        .get(f"/api/v1/proceedings/figures?start={today}&end={today}")
        .status_code
        == 403
    )


def test_judgment_outcome_sentence_and_compensation_through_the_page(world, client_for):
    from tests.proceedings.factories import judged_case, justice

    found = judged_case(world)
    clerk = client_for(justice(world).clerk)
    person = found.accused.get()
    charge = person.charges.get()
    response = clerk.post(
        f"/proceedings/cases/{found.pk}/sentence/",
        {"charge": charge.pk, "kind": "imprisonment", "months": "96"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "convicted person" in response.content.decode()
    response = clerk.post(
        f"/proceedings/cases/{found.pk}/outcome/", {"accused": person.pk, "outcome": "convicted"}
    )
    assert response.status_code == 302
    response = clerk.post(
        f"/proceedings/cases/{found.pk}/sentence/",
        {"charge": charge.pk, "kind": "imprisonment", "months": "96"},
    )
    assert response.status_code == 302
    victim = actions.victim_add(
        actor=justice(world).clerk, data=actions.VictimInput(case_id=found.pk, sex="female")
    )
    response = clerk.post(
        f"/proceedings/cases/{found.pk}/compensation/",
        {"victim": victim.pk, "ordered": "50 triệu", "paid": "60 triệu"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "More is paid than was ordered" in response.content.decode()
    response = clerk.post(
        f"/proceedings/cases/{found.pk}/compensation/",
        {"victim": victim.pk, "ordered": "50 triệu", "paid": "20.000.000"},
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert (victim.compensation_ordered_vnd, victim.compensation_paid_vnd) == (
        50_000_000,
        20_000_000,
    )
    page = clerk.get(f"/proceedings/cases/{found.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert "Bị cáo" in page.content.decode()


def test_the_figures_page_in_vietnamese_with_the_change(world, client_for):
    make_criminal_case(world, initiated_on=days_ago(3))
    client = client_for(world.users["statistician"])
    page = client.get("/proceedings/figures/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert "Vụ án được khởi tố" in page.content.decode()
    bad = client.get("/proceedings/figures/?start=2025-02-01&end=2025-01-01")
    assert bad.status_code == 400
    assert client_for(world.users["investigator"]).get("/proceedings/figures/").status_code == 403


def test_sharing_the_file_and_ending_it_through_the_page(world, client_for):
    from ctip.core.scope import visible

    found = make_criminal_case(world)
    client = client_for(world.users["investigator"])
    assert (
        client.post(f"/proceedings/cases/{found.pk}/share/", {"agency": world.other.pk}).status_code
        == 302
    )
    other = world.other_users["investigator"]
    assert visible(CriminalCase.objects.all(), other, "proceedings.view").filter(pk=found.pk)
    assert world.other.name in client.get(f"/proceedings/cases/{found.pk}/").content.decode()
    response = client.post(f"/proceedings/cases/{found.pk}/share/{world.other.pk}/end/")
    assert response.status_code == 302
    assert not visible(CriminalCase.objects.all(), other, "proceedings.view").filter(pk=found.pk)
