"""Every hand of a hotline evidence file is a link of its chain of custody (the platform's
one hash chain), and a link changed, inserted or deleted afterwards is found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ctip.core import chain
from ctip.hotline import actions, custody, selectors
from ctip.hotline.models import EvidenceCustody
from tests.hotline.factories import make_evidence

pytestmark = pytest.mark.django_db


def _handled(world):
    operator, police = world.users["hotline_operator"], world.users["investigator"]
    item = make_evidence(operator)
    actions.evidence_read(actor=police, item=item)
    actions.evidence_export(actor=police, item=item)
    actions.evidence_hand_over(
        actor=police,
        item=item,
        data=actions.HandOverInput(world.national.pk, note="Đĩa niêm phong số 12"),
    )
    return item


def test_every_hand_of_the_file_is_a_custody_link(world) -> None:
    item = _handled(world)
    links = list(EvidenceCustody.objects.filter(evidence=item).order_by("seq"))
    assert [(e.seq, e.action) for e in links] == [
        (1, "received"),
        (2, "viewed"),
        (3, "exported"),
        (4, "handed_over"),
    ]
    assert [e.actor_label for e in links] == ["hotline_operator-a"] + ["investigator-a"] * 3
    assert links[3].to_agency_id == world.national.pk
    report = custody.check(item)
    assert (report.ok, report.checked) == (True, 4)
    view = selectors.evidence(world.users["investigator"], item.pk)
    assert view.custody_intact
    assert [c.step for c in view.custody] == ["Đã nhận", "Đã xem", "Xuất", "Đã bàn giao"]


def _raw_update(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_link_changed_afterwards_is_found(world) -> None:
    item = _handled(world)
    _raw_update(
        "UPDATE hotline_evidencecustody SET actor_label = %s WHERE evidence_id = %s AND seq = 2",
        "someone-else",
        item.pk,
    )
    report = custody.check(item)
    assert not report.ok
    assert report.seq == 2
    assert "altered" in (report.problem or "")
    assert not selectors.evidence(world.users["investigator"], item.pk).custody_intact


def test_a_link_deleted_or_a_file_hash_swapped_is_found(world) -> None:
    item = _handled(world)
    _raw_update("DELETE FROM hotline_evidencecustody WHERE evidence_id = %s AND seq = 3", item.pk)
    report = custody.check(item)
    assert (report.ok, report.seq) == (False, 3)
    other = _handled(world)
    _raw_update("UPDATE hotline_tracingevidence SET sha256 = %s WHERE id = %s", "0" * 64, other.pk)
    other.refresh_from_db()
    assert custody.check(other).seq == 1


def test_the_log_is_append_only_and_a_hand_over_is_checked(world) -> None:
    item = _handled(world)
    link = EvidenceCustody.objects.filter(evidence=item).first()
    assert link is not None
    link.note = "changed"
    with pytest.raises(PermissionError):
        link.save()
    with pytest.raises(PermissionError):
        link.delete()
    police = world.users["investigator"]
    with pytest.raises(ValidationError) as refused:
        actions.evidence_hand_over(
            actor=police, item=item, data=actions.HandOverInput(police.agency_id)
        )
    assert "to_agency_id" in refused.value.message_dict
    # The operator may read the file but not hand it over; another province sees nothing.
    with pytest.raises(PermissionDenied):
        actions.evidence_hand_over(
            actor=world.users["hotline_operator"],
            item=item,
            data=actions.HandOverInput(world.national.pk),
        )
    with pytest.raises(PermissionDenied):
        actions.evidence_read(actor=world.other_users["investigator"], item=item)
    assert EvidenceCustody.objects.filter(evidence=item).count() == 4


def test_the_page_and_the_api_show_and_extend_the_chain(world, client_for) -> None:
    item = make_evidence(world.users["hotline_operator"])
    client = client_for(world.users["investigator"])
    assert client.get(f"/hotline/evidence/{item.pk}/?export=1")["Content-Disposition"].startswith(
        "attachment"
    )
    answer = client.post(
        f"/api/v1/hotline/evidence/{item.pk}/hand-over",
        {"to_agency_id": world.national.pk, "note": "bản sao"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    body = answer.json()
    assert [c["step"] for c in body["custody"]] == ["Đã nhận", "Xuất", "Đã bàn giao"]
    assert body["custody_intact"] is True
    bad = client.post(
        f"/api/v1/hotline/evidence/{item.pk}/hand-over",
        {"to_agency_id": 999999},
        content_type="application/json",
    )
    assert bad.status_code == 422


BEFORE = [("hotline", "0006_request_answered_abroad")]  # the log's own model, with its ``step``
AFTER = [("hotline", "0007_custody_link_action")]  # the platform's custody link


@pytest.mark.django_db(transaction=True)
def test_a_chain_written_before_the_shared_custody_link_still_verifies(world) -> None:
    item = _handled(world)
    police = world.users["investigator"]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        # A fifth link written as the log's own model wrote it, on its own table.
        old = executor.loader.project_state(BEFORE).apps.get_model("hotline", "EvidenceCustody")
        last = old.objects.filter(evidence_id=item.pk).order_by("-seq").first()
        link = old(
            evidence_id=item.pk,
            seq=5,
            step="handed_over",
            actor_id=police.pk,
            actor_label=police.username,
            agency_id=police.agency_id,
            to_agency_id=world.national.pk,
            note="Trả lại bản gốc",
            prev_hash=last.hash,
        )
        body = {
            "seq": 5,
            "evidence_sha256": item.sha256,
            "action": "handed_over",
            "actor": police.username,
            "agency": police.agency.code,
            "to_agency": world.national.code,
            "at": link.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "note": "Trả lại bản gốc",
        }
        link.hash = chain.link(last.hash, body)
        link.save()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        call_command("migrate", verbosity=0)
    links = list(EvidenceCustody.objects.filter(evidence=item).order_by("seq"))
    assert [e.action for e in links] == [
        "received",
        "viewed",
        "exported",
        "handed_over",
        "handed_over",
    ]
    assert links[4].note == "Trả lại bản gốc"
    report = custody.check(item)
    assert (report.ok, report.checked) == (True, 5)
    actions.evidence_read(actor=police, item=item)
    report = custody.check(item)
    assert (report.ok, report.checked) == (True, 6)
