import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from ctip.core import actions, audit
from ctip.core.models import AuditEvent


def _raw(sql, params=()):
    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_every_write_leaves_a_chained_event(world):
    admin = world.users["agency_admin"]
    before = AuditEvent.objects.count()
    actions.user_update(actor=admin, user=world.users["analyst"], display_name="Trần Thị B")
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.event_type == "USER_UPDATED"
    assert event.fields == ["display_name"]
    assert event.actor_id == admin.pk
    assert event.agency_id == world.agency.pk
    assert "Trần" not in str(event.data)  # names of changed fields, never the values
    assert audit.verify().ok


def test_audit_rows_cannot_be_changed_through_the_orm(world):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(event_type="X")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_record_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        audit.record("X", actor=None)


def test_verify_names_an_altered_event(world):
    target = AuditEvent.objects.order_by("seq")[3]
    _raw("UPDATE core_auditevent SET event_type = 'LOGIN' WHERE seq = %s", [target.seq])
    report = audit.verify()
    assert not report.ok
    assert report.seq == target.seq
    assert "altered" in report.problem


def test_verify_names_a_deleted_event(world):
    _raw("DELETE FROM core_auditevent WHERE seq = 5")
    report = audit.verify()
    assert not report.ok
    assert report.seq == 5
    assert "missing" in report.problem


def test_verify_names_an_inserted_event(world):
    last = AuditEvent.objects.order_by("-seq").first()
    _raw("UPDATE core_auditevent SET seq = seq + 1000 WHERE seq > 6")
    with transaction.atomic():
        forged = AuditEvent(
            seq=7,
            occurred_at=last.occurred_at,
            event_type="FORGED",
            prev_hash="f" * 64,
            hash="e" * 64,
        )
        forged.save()
    report = audit.verify()
    assert not report.ok
    assert report.seq == 7


def test_audit_verify_command(world):
    call_command("audit", "verify")
    _raw("UPDATE core_auditevent SET fields = '[\"x\"]' WHERE seq = 2")
    with pytest.raises(CommandError, match="#2 was altered"):
        call_command("audit", "verify")
