"""The request's page records that the police handed an evidence file to another agency:
one link of the file's chain of custody, through the same action as the API, or nothing
and the reason in words."""

from __future__ import annotations

import pytest

from ctip.core.models import AuditEvent
from ctip.hotline import actions, custody
from ctip.hotline.models import EvidenceCustody
from tests.hotline.factories import PNG, make_evidence, make_request

pytestmark = pytest.mark.django_db


def _url(item) -> str:
    return f"/hotline/requests/{item.request_id}/hand-over/"


def test_only_who_handles_requests_sees_the_hand_over_form(world, client_for) -> None:
    item = make_evidence(world.users["hotline_operator"])
    page = f"/hotline/requests/{item.request_id}/"
    assert (
        'data-testid="hand-over-form"'
        in client_for(world.users["investigator"]).get(page).content.decode()
    )
    operator = client_for(world.users["hotline_operator"])
    assert 'data-testid="hand-over-form"' not in operator.get(page).content.decode()
    refused = operator.post(_url(item), {"evidence": item.pk, "to_agency": world.national.pk})
    assert refused.status_code == 403
    assert EvidenceCustody.objects.filter(evidence=item).count() == 1


def test_the_page_records_the_hand_over_as_a_link_of_the_chain(world, client_for) -> None:
    item = make_evidence(world.users["hotline_operator"])
    police = client_for(world.users["investigator"])
    answer = police.post(
        _url(item),
        {"evidence": item.pk, "to_agency": world.national.pk, "note": "Đĩa niêm phong số 12"},
        follow=True,
    )
    assert answer.status_code == 200
    assert "chuỗi lưu giữ" in answer.content.decode()
    links = list(EvidenceCustody.objects.filter(evidence=item).order_by("seq"))
    assert [(e.seq, e.action) for e in links] == [(1, "received"), (2, "handed_over")]
    assert (links[1].to_agency_id, links[1].note) == (world.national.pk, "Đĩa niêm phong số 12")
    assert links[1].actor_label == "investigator-a"
    report = custody.check(item)
    assert (report.ok, report.checked) == (True, 2)
    assert AuditEvent.objects.filter(event_type="HOTLINE_EVIDENCE_HANDED_OVER").count() == 1
    # The request's page shows the new link, and the chain still unbroken.
    page = answer.content.decode()
    assert "Đã bàn giao" in page
    assert "Đĩa niêm phong số 12" in page


def test_a_hand_over_refused_writes_nothing_and_says_why(world, client_for) -> None:
    item = make_evidence(world.users["hotline_operator"])
    police = client_for(world.users["investigator"])
    own = world.users["investigator"].agency_id
    refusals = [
        # To its own agency: the action refuses it.
        {"evidence": item.pk, "to_agency": own, "note": "x"},
        # No reason given: the form refuses it.
        {"evidence": item.pk, "to_agency": world.national.pk, "note": ""},
    ]
    other = actions.evidence_add(
        actor=world.users["hotline_operator"],
        request=make_request(world.users["hotline_operator"], "Lê Văn Cường"),
        data=actions.EvidenceInput("other.png", PNG),
    )
    # A file of another request cannot be handed over from this one.
    refusals.append({"evidence": other.pk, "to_agency": world.national.pk, "note": "x"})
    for data in refusals:
        answer = police.post(_url(item), data, follow=True)
        assert answer.status_code == 200
        assert '<li class="error">' in answer.content.decode()
    assert not EvidenceCustody.objects.filter(action="handed_over").exists()
    assert not AuditEvent.objects.filter(event_type="HOTLINE_EVIDENCE_HANDED_OVER").exists()


def test_the_police_of_another_province_cannot_hand_over_the_file(world, client_for) -> None:
    item = make_evidence(world.users["hotline_operator"])
    stranger = client_for(world.other_users["investigator"])
    answer = stranger.post(
        _url(item), {"evidence": item.pk, "to_agency": world.national.pk, "note": "x"}
    )
    assert answer.status_code == 404
    assert not EvidenceCustody.objects.filter(action="handed_over").exists()
