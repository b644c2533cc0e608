import importlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from ctip.core import actions, audit, chain
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


# The attacks of an intruder who can write to the database but lacks the audit key ---------

ATTACKER_KEYS = [None, b"an attacker's own key, 32 bytes!"]


def _rechain(key, start=1):
    """Recompute every hash from ``start`` on, as an intruder covering their tracks would."""
    events = list(AuditEvent.objects.order_by("seq"))
    prev = events[start - 2].hash if start > 1 else chain.GENESIS
    for event in events[start - 1 :]:
        new = chain.link(prev, audit.body(event), key=key)
        _raw(
            "UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s",
            [prev, new, event.seq],
        )
        prev = new
    return prev


@pytest.mark.parametrize("key", ATTACKER_KEYS)
def test_an_edited_event_with_a_recomputed_chain_is_detected(world, key):
    _raw("UPDATE core_auditevent SET actor_label = 'someone-else' WHERE seq = 3")
    _rechain(key, start=3)
    report = audit.verify()
    assert not report.ok
    assert report.seq == 3


@pytest.mark.parametrize("key", ATTACKER_KEYS)
def test_an_inserted_event_with_a_recomputed_chain_is_detected(world, key):
    _raw("UPDATE core_auditevent SET seq = seq + 1000 WHERE seq >= 4")
    _raw("UPDATE core_auditevent SET seq = seq - 999 WHERE seq >= 1004")
    first = AuditEvent.objects.order_by("seq").first()
    with transaction.atomic():
        AuditEvent(
            seq=4,
            occurred_at=first.occurred_at,
            event_type="USER_UPDATED",
            prev_hash="0" * 64,
            hash="f" * 64,
        ).save()
    _rechain(key, start=4)
    report = audit.verify()
    assert not report.ok
    assert report.seq == 4


@pytest.mark.parametrize("key", ATTACKER_KEYS)
def test_an_appended_forged_event_is_detected(world, key):
    head = AuditEvent.objects.order_by("-seq").first()
    forged = AuditEvent(
        seq=head.seq + 1,
        occurred_at=head.occurred_at,
        event_type="LOGIN",
        actor_label="agency_admin-a",
        prev_hash=head.hash,
    )
    forged.hash = chain.link(head.hash, audit.body(forged), key=key)
    with transaction.atomic():
        forged.save()
    report = audit.verify()
    assert not report.ok
    assert report.seq == head.seq + 1
    assert "forged" in report.problem


def test_dropping_the_last_events_is_detected_by_a_checkpoint(world, tmp_path):
    audit.write_checkpoint(tmp_path)
    head = AuditEvent.objects.order_by("-seq").first().seq
    assert audit.verify(checkpoints=tmp_path).ok
    _raw("DELETE FROM core_auditevent WHERE seq = %s", [head])
    assert audit.verify().ok  # a shorter chain is still whole: only the checkpoint knows
    report = audit.verify(checkpoints=tmp_path)
    assert not report.ok
    assert "removed from the end" in report.problem
    with pytest.raises(CommandError, match="removed from the end"):
        call_command("audit", "verify", "--checkpoints", str(tmp_path))


def test_a_chain_rewritten_with_the_key_is_caught_by_an_earlier_checkpoint(world, tmp_path):
    audit.write_checkpoint(tmp_path)
    _raw("UPDATE core_auditevent SET actor_label = 'someone-else' WHERE seq = 2")
    _rechain(audit.audit_key(), start=2)  # even the key's holder cannot hide it
    report = audit.verify(checkpoints=tmp_path)
    assert not report.ok
    assert "rewritten" in report.problem


def test_a_forged_checkpoint_is_refused(world, tmp_path):
    point = audit.write_checkpoint(tmp_path)
    content = json.loads(point.path.read_text())
    content["seq"] = 1  # backdate the checkpoint to hide events after it
    point.path.write_text(json.dumps(content))
    report = audit.verify(checkpoints=tmp_path)
    assert not report.ok
    assert "not signed" in report.problem


def test_checkpoint_command_and_public_key(world, tmp_path, capsys):
    call_command("audit", "checkpoint", "--dir", str(tmp_path))
    assert len(list(tmp_path.glob("audit-*.json"))) == 1
    call_command("audit", "verify", "--checkpoints", str(tmp_path))
    assert "agrees with 1 signed checkpoints" in capsys.readouterr().out
    call_command("audit", "public-key")
    assert capsys.readouterr().out.strip() == audit.public_key()


def test_an_older_unkeyed_chain_is_keyed_by_its_migration(world):
    from django.apps import apps

    old_head = _rechain(None)  # as versions before the audit key wrote it
    assert not audit.verify().ok
    migration = importlib.import_module("ctip.core.migrations.0005_key_the_audit_chain")
    migration.key_the_chain(apps, None)
    assert audit.verify().ok
    marker = AuditEvent.objects.order_by("-seq").first()
    assert marker.event_type == "AUDIT_CHAIN_KEYED"
    assert marker.data["unkeyed_head"] == old_head


def test_a_broken_unkeyed_chain_is_not_keyed(world):
    from django.apps import apps

    _rechain(None)
    _raw("UPDATE core_auditevent SET actor_label = 'x' WHERE seq = 2")
    migration = importlib.import_module("ctip.core.migrations.0005_key_the_audit_chain")
    with pytest.raises(RuntimeError, match="broken"):
        migration.key_the_chain(apps, None)
