"""The reception page's forms, posted as a border officer does: each records through its
action and comes back to the page saying what happened, or why not, and writes nothing
when refused."""

from __future__ import annotations

from django.contrib.messages import get_messages

from ctip.cooperation.models import HandoverOperation, RepatriationNeed
from tests.cooperation.factories import make_handover_person, make_need


def _said(response) -> str:
    """What the page says after this post (the last message queued)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_a_need_is_recorded_met_and_refused_from_the_reception_page(world, client_for):
    person = make_handover_person(world)
    client = client_for(world.users["reception_officer"])
    page = f"/cooperation/handover-persons/{person.pk}/"
    refused = client.post(f"{page}needs/", {"kind": "travel_document"})
    assert refused.status_code == 302
    assert refused["Location"] == page
    # The missing field is named, as on every page that posts a form.
    assert _said(refused) == "Cơ quan phụ trách: Trường này là bắt buộc."
    assert not RepatriationNeed.objects.exists()
    done = client.post(
        f"{page}needs/",
        {"kind": "travel_document", "agency": world.agency.pk, "note": "Mất hộ chiếu"},
    )
    assert _said(done) == "Đã ghi nhu cầu."
    need = RepatriationNeed.objects.get()
    met = client.post(f"/cooperation/needs/{need.pk}/done/")
    assert met["Location"] == page
    assert _said(met) == "Đã đáp ứng nhu cầu."
    need.refresh_from_db()
    assert need.done_on is not None
    again = client.post(f"/cooperation/needs/{need.pk}/done/")  # the action refuses
    assert again["Location"] == page
    assert _said(again) != "Đã đáp ứng nhu cầu."


def test_the_handover_is_closed_from_its_page_once(world, client_for):
    need = make_need(world)
    operation = HandoverOperation.objects.get(pk=need.person.operation_id)
    client = client_for(world.users["reception_officer"])
    closed = client.post(f"/cooperation/handovers/{operation.pk}/close/")
    assert closed["Location"] == f"/cooperation/handovers/{operation.pk}/"
    operation.refresh_from_db()
    assert operation.closed_at is not None
