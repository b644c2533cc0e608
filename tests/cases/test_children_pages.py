"""A child's case on the page: the age band, guardians, consent and best interests (vi/en)."""

from ctip.cases.models import BestInterests, Case, Consent, Guardian
from tests.cases.factories import days_ago, make_case


def test_child_page_journey(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(
        worker, "Lò Thị Mai", birth_date=None, age_min=15, age_max=15, age_basis="appearance"
    )
    client = client_for(worker)
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Child under 16" in page.content.decode()
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert "Trẻ em dưới 16 tuổi" in page.content.decode()
    client.post(
        f"/cases/{case.pk}/child/guardians/",
        {"full_name": "Lò Văn Páo", "relation": "father", "suspected": "on", "suspicion": "debt"},
    )
    father = Guardian.objects.get(case=case)
    answer = client.post(
        f"/cases/{case.pk}/child/consent/",
        {"processing": "on", "given_on": days_ago(0).isoformat(), "guardian": father.pk},
        follow=True,
    )
    assert answer.status_code == 200
    assert not Consent.objects.filter(case=case).exists()
    client.post(
        f"/cases/{case.pk}/child/guardians/",
        {"full_name": "Hà Thị Lan", "relation": "appointed", "appointed_by": "Commune committee"},
    )
    rep = Guardian.objects.get(case=case, relation="appointed")
    client.post(
        f"/cases/{case.pk}/child/consent/",
        {
            "processing": "on",
            "given_on": days_ago(0).isoformat(),
            "guardian": rep.pk,
            "child_views": "Wants to live with her aunt",
        },
    )
    assert Consent.objects.get(case=case).guardian == rep
    supervisor = world.users["supervisor"]
    client_for(supervisor).post(
        f"/cases/{case.pk}/child/best-interests/",
        {
            "family_situation": "Father sold the debt",
            "family_involved": "yes",
            "safety_at_home": "unsafe",
            "placement": "relatives",
            "placement_with": "Aunt",
            "commune_officer": "Vàng Thị Dua",
            "decided_on": days_ago(0).isoformat(),
        },
    )
    assert BestInterests.objects.get(case=case).placement == "relatives"
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "With relatives" in page.content.decode()
    assert Case.objects.get(pk=case.pk).child


def test_child_interview_page(world, client_for):
    from ctip.cases.models import ScreeningInterview

    worker = world.users["case_worker"]
    case = make_case(worker, "Lò Thị Mai", birth_date=None, age_min=15, age_max=15)
    client = client_for(worker)
    page = client.get(f"/cases/{case.pk}/child/interview/?lang=en")
    assert page.status_code == 200
    assert "Were you made to trick people online" in page.content.decode()
    body = {
        "version": case.version,
        "interviewed_on": days_ago(0).isoformat(),
        "r_work_differed": "yes",
        "e_forced_to_defraud": "yes",
        "interviewer_qualification": "Child protection course 2025",
    }
    missing = client.post(f"/cases/{case.pk}/child/interview/", body)
    assert missing.status_code == 200
    assert not ScreeningInterview.objects.filter(case=case).exists()
    body["support_person"] = "Hà Thị Lan, appointed representative"
    done = client.post(f"/cases/{case.pk}/child/interview/", body)
    assert done.status_code == 302
    assert ScreeningInterview.objects.get(case=case).questionnaire_version == "child-2025.1"
