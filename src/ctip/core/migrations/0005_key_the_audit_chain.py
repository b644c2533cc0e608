"""Re-link an older, plain SHA-256 audit chain under the audit key (HMAC-SHA256).

The old chain is verified first and left untouched if broken. The last event,
AUDIT_CHAIN_KEYED, records the old head hash, so a head noted down before the upgrade
can still be matched.
"""

from django.db import migrations
from django.utils import timezone


def key_the_chain(apps, schema_editor):
    from ctip.core import audit, chain

    event_model = apps.get_model("core", "AuditEvent")
    events = list(event_model._base_manager.order_by("seq"))
    if not events:
        return
    legacy = chain.walk(chain.Link(e.seq, e.prev_hash, e.hash, audit.body(e)) for e in events)
    if not legacy.ok:
        raise RuntimeError(
            f"The audit trail is broken ({legacy.problem}), so it is not re-keyed: "
            "restore the last good backup, then migrate again."
        )
    key = audit.audit_key(upgrade=True)
    prev = chain.GENESIS
    for event in events:
        event.prev_hash = prev
        event.hash = chain.link(prev, audit.body(event), key=key)
        event_model._base_manager.filter(pk=event.pk).update(
            prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash
    marker = event_model(
        seq=events[-1].seq + 1,
        occurred_at=timezone.now(),
        actor_label="system",
        event_type="AUDIT_CHAIN_KEYED",
        data={"unkeyed_head": legacy.head_hash, "events": len(events)},
        fields=[],
        prev_hash=prev,
    )
    marker.hash = chain.link(prev, audit.body(marker), key=key)
    marker.save(force_insert=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_lockout_counters_and_totp_replay")]
    operations = [migrations.RunPython(key_the_chain, migrations.RunPython.noop)]
