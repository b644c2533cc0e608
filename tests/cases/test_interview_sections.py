"""The screening interview one section at a time, with a draft kept between sections."""

import re

from ctip.cases.engine.questionnaire import Recommendation, load_questionnaire, score
from ctip.cases.models import Case, ScreeningDraft
from ctip.core import actions as core_actions
from ctip.core.models import AuditEvent
from ctip.core.scope import visible
from tests.cases.factories import days_ago, make_case
from tests.conftest import PASSWORD

Q = load_questionnaire()


def _en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _url(case, section=None):
    base = f"/cases/{case.pk}/screening/?lang=en"
    return f"{base}&section={section}" if section else base


def test_forced_scamming_under_confinement_and_violence_is_presumed_without_long_hours():
    # Deceived about the job, held behind walls, beaten and forced to scam: no long hours,
    # no pay question answered. Forced criminality is exploitation on its own.
    account = {
        "r_offer_channel": "social_media",
        "r_work_differed": "yes",
        "r_unrealistic_pay": "yes",
        "e_confined": "yes",
        "e_physical_violence": "yes",
        "e_forced_to_defraud": "yes",
        "e_excessive_hours": "no",
    }
    result = score(Q, account)
    assert result.recommendation is Recommendation.PRESUMED_VICTIM
    assert {"e_excessive_hours", "e_low_or_no_pay"}.isdisjoint(
        {i.question_id for i in result.indicators}
    )


def test_one_section_at_a_time_with_progress(world, client_for, case):
    client = _en(client_for(world.users["case_worker"]))
    page = client.get(_url(case)).content.decode()
    assert f"Section 1 of {len(Q.stages)}" in page
    assert "How did you hear" in page
    # Only the first section's questions are on the page.
    assert "Was the place guarded" not in page
    assert 'name="go" value="next"' in page
    last = client.get(_url(case, len(Q.stages))).content.decode()
    assert f"Section {len(Q.stages)} of {len(Q.stages)}" in last
    assert 'data-testid="save-screening"' in last
    # A section out of range is the nearest one, never an error.
    assert client.get(_url(case, 99)).status_code == 200


def test_labels_are_unique_and_inputs_have_ids(world, client_for, case):
    client = _en(client_for(world.users["case_worker"]))
    for number in range(1, len(Q.stages) + 1):
        page = client.get(_url(case, number)).content.decode()
        legends = re.findall(r"<legend id=\"[^\"]+\">([^<]+)</legend>", page)
        labels = re.findall(r"<label for=\"[^\"]+\">([^<]+)</label>", page)
        assert legends, number
        assert len(set(legends + labels)) == len(legends + labels), number
        ids = re.findall(r' id="([^"]+)"', page)
        assert len(ids) == len(set(ids)), number
    texts = [q.text.en for q in Q.questions]
    assert len(texts) == len(set(texts))


def test_draft_kept_between_sections_and_recorded_at_the_end(world, client_for, case):
    worker = world.users["case_worker"]
    client = _en(client_for(worker))
    response = client.post(
        _url(case, 1),
        {
            "go": "next",
            "version": case.version,
            "interviewed_on": days_ago(1).isoformat(),
            "r_offer_channel": "social_media",
            "r_work_differed": "yes",
            "r_unrealistic_pay": "yes",
        },
    )
    assert response.status_code == 302
    assert "section=2" in response["Location"]
    draft = ScreeningDraft.objects.get(case=case, author=worker)
    assert draft.state["answers"]["r_work_differed"] == "yes"
    assert draft.section == 2
    # Stored encrypted, like the interview.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM cases_screeningdraft WHERE id = %s", [draft.pk])
        raw = str(cursor.fetchone()[0])
    assert "r_work_differed" not in raw
    # Leave and come back: the page opens where the draft was left.
    client.post(_url(case, 2), {"go": "draft", "version": case.version})
    again = client.get(f"/cases/{case.pk}/screening/?lang=en").content.decode()
    assert "Section 2 of" in again
    assert 'data-testid="draft-notice"' in again
    # The exploitation section, then the end.
    exploitation = [s.code for s in Q.stages].index("exploitation") + 1
    client.post(
        _url(case, exploitation),
        {
            "go": "next",
            "version": case.version,
            "e_confined": "yes",
            "e_physical_violence": "yes",
            "e_forced_to_defraud": "yes",
        },
    )
    response = client.post(_url(case, len(Q.stages)), {"go": "finish", "version": case.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    interview = Case.objects.get(pk=case.pk).screenings.get()
    assert interview.recommendation == "presumed_victim"
    assert interview.answers["r_work_differed"] == "yes"
    assert not ScreeningDraft.objects.filter(case=case).exists()
    assert AuditEvent.objects.filter(event_type="SCREENING_DRAFT_SAVED").exists()


def test_previous_section_keeps_answers(world, client_for, case):
    client = _en(client_for(world.users["case_worker"]))
    client.post(
        _url(case, 1),
        {
            "go": "next",
            "version": case.version,
            "interviewed_on": days_ago(1).isoformat(),
            "r_work_differed": "yes",
        },
    )
    response = client.post(_url(case, 2), {"go": "previous", "version": case.version})
    assert "section=1" in response["Location"]
    page = client.get(_url(case, 1)).content.decode()
    assert re.search(r'value="yes"[^>]*id="id_r_work_differed_\d"[^>]*checked', page) or re.search(
        r'name="r_work_differed" value="yes"[^>]*checked', page
    )


def test_finishing_without_a_date_is_a_form_error(world, client_for, case):
    client = _en(client_for(world.users["case_worker"]))
    response = client.post(_url(case, len(Q.stages)), {"go": "finish", "version": case.version})
    assert response.status_code == 400
    assert "Give the date of the interview" in response.content.decode()
    assert not Case.objects.get(pk=case.pk).screenings.exists()


def test_a_draft_is_seen_by_its_author_and_the_lead_agency_only(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(worker)
    client_for(worker).post(
        _url(case, 1),
        {
            "go": "draft",
            "version": case.version,
            "interviewed_on": days_ago(1).isoformat(),
            "r_work_differed": "yes",
        },
    )
    drafts = ScreeningDraft.objects.all()
    assert visible(drafts, worker, "cases.screen").count() == 1
    assert visible(drafts, world.users["supervisor"], "cases.view_case").count() == 1
    assert visible(drafts, world.other_users["case_worker"], "cases.screen").count() == 0
    # Another officer of the lead agency starts from an empty page, not the author's answers.
    colleague = core_actions.user_create(
        actor=None,
        agency=world.agency,
        username="worker-a2",
        password=PASSWORD,
        roles=["case_worker"],
    )
    other_page = _en(client_for(colleague)).get(_url(case, 1)).content.decode()
    assert 'data-testid="draft-notice"' not in other_page
    # Another agency cannot open the interview at all.
    assert client_for(world.other_users["case_worker"]).get(_url(case, 1)).status_code == 404
