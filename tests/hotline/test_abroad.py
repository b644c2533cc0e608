"""A request for a person held abroad is passed by the police to the counterpart of that
country as an outgoing verification request of the cooperation app: the request keeps
the link, the counterpart is told and reads it, nobody else acts on it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ctip.cooperation import selectors as cooperation_selectors
from ctip.cooperation.models import VerificationRequest
from ctip.core.models import AuditEvent, Notification
from ctip.hotline import actions, selectors
from tests.cooperation.factories import counterpart, partner_user
from tests.hotline.factories import make_request

pytestmark = pytest.mark.django_db


def test_the_police_pass_a_request_abroad_and_the_counterpart_reads_it(world) -> None:
    cambodia = counterpart()
    partner = partner_user(cambodia)
    police = world.users["investigator"]
    row = make_request(world.users["hotline_operator"], country="KH", place="Bavet")
    passed = actions.request_pass_abroad(actor=police, request=row, data=actions.AbroadInput())
    sent = VerificationRequest.objects.get(pk=passed.verification_id)
    assert (sent.direction, sent.counterpart_id) == ("to_abroad", cambodia.pk)
    assert sent.their_reference == row.follow_code
    (person,) = sent.persons.all()
    assert person.full_name == "Nguyễn Văn An"
    notice = Notification.objects.get(agency=cambodia, kind="verification")
    assert "Nguyễn" not in str(notice.params)
    # The counterpart, another agency, reads the request it was sent.
    seen = cooperation_selectors.verification_list(partner)
    assert [r.id for r in seen] == [sent.pk]
    view = selectors.request(police, row.pk)
    assert view.verification_id == sent.pk
    assert AuditEvent.objects.filter(event_type="HOTLINE_REQUEST_PASSED_ABROAD").count() == 1
    with pytest.raises(ValidationError):  # once only
        actions.request_pass_abroad(actor=police, request=row, data=actions.AbroadInput())


def test_only_the_competent_police_pass_a_request_and_only_when_abroad(world, client_for) -> None:
    counterpart()
    row = make_request(world.users["hotline_operator"], country="KH")
    for actor in (world.users["hotline_operator"], world.other_users["investigator"]):
        with pytest.raises(PermissionDenied):
            actions.request_pass_abroad(actor=actor, request=row, data=actions.AbroadInput())
    home = make_request(world.users["hotline_operator"], "Lê Văn Cường")
    refused = client_for(world.users["investigator"]).post(
        f"/api/v1/hotline/requests/{home.pk}/abroad", {}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert not VerificationRequest.objects.exists()
    answer = client_for(world.users["investigator"]).post(
        f"/api/v1/hotline/requests/{row.pk}/abroad", {}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert answer.json()["verification_id"] == VerificationRequest.objects.get().pk


def test_the_request_page_sends_it_abroad_and_then_links_the_verification(
    world, client_for
) -> None:
    counterpart()
    row = make_request(world.users["hotline_operator"], country="KH")
    police = client_for(world.users["investigator"])
    url = f"/hotline/requests/{row.pk}/"
    assert "/abroad/" in police.get(url).content.decode()
    assert "/abroad/" not in client_for(world.users["hotline_operator"]).get(url).content.decode()
    police.post(f"/hotline/requests/{row.pk}/abroad/")
    sent = VerificationRequest.objects.get()
    page = police.get(url).content.decode()
    assert f"/cooperation/verifications/{sent.pk}/" in page
