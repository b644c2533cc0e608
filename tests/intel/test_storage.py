"""A database dump reveals no reporter and no narrative."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ctip.core import crypto
from ctip.intel import actions, evidence
from ctip.intel.actions import IndicatorInput
from ctip.intel.models import CustodyEvent, PartnerBundle
from tests.intel.factories import PHONE, make_evidence, make_freeze

NARRATIVE = "Kẻ gian giả danh công an Quận Đống Đa, bắt chuyển tiền"


def _dump() -> str:
    parts = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            if not (table.startswith("intel_") or table == "core_auditevent"):
                continue
            cur.execute(f'SELECT * FROM "{table}"')
            parts += [repr(row) for row in cur.fetchall()]
    return "\n".join(parts)


def test_reporter_identity_and_narrative_are_not_stored_in_plaintext(world):
    actions.report_file(
        actor=None,
        data=actions.ReportInput(
            type="impersonation",
            narrative=NARRATIVE,
            indicators=[PHONE, IndicatorInput("phone", "0977 12")],
            reporter_name="Trần Thị Bích Ngọc",
            reporter_phone="0988 765 432",
            reporter_email="ngoc.tran@example.vn",
        ),
    )
    request = make_freeze(world)
    actions.freeze_request_answer(
        actor=world.users["liaison"],
        request=request,
        data=actions.FreezeAnswerInput(
            status="done", amount_held_vnd=1, note="Chủ tài khoản LE VAN KHOA"
        ),
    )
    dump = _dump()
    for secret in (
        "Bích Ngọc",
        "Ngọc",
        # Whole digit runs only: a four-digit fragment turns up in ids and timestamps.
        "988765432",
        "0988 765 432",
        "ngoc.tran",
        "Đống Đa",
        "0977 12",
        "KHOA",
    ):
        assert secret not in dump, secret
    # The scam's own phone is an indicator: it is meant to be matched and shared.
    assert "+84912345678" in dump


CUSTODY_NOTE = "Giao cho VKS, người cung cấp tin: chị Lò Thị Mai"
PARTNER_TITLE = "Nạn nhân Vàng Thị Sua, Mường Tè"
# A name quoted in a partner document's errors, as it is and as JSON may escape it.
QUOTED_NAME = ("Lý Văn Páo", json.dumps("Lý Văn Páo")[1:-1])


def _misp_event(info: str) -> bytes:
    return json.dumps(
        {
            "Event": {
                "uuid": "3b1f0c7e-2a10-4f7e-9a57-6b1f1c7e2a10",
                "info": info,
                "Attribute": [
                    {"type": "domain", "value": "vieclam-luongcao.com.vn"},
                    # Not a phone: kept among the errors, quoted.
                    {"type": "phone-number", "value": "Lý Văn Páo"},
                ],
            }
        }
    ).encode()


def test_custody_notes_and_partner_titles_are_not_stored_in_plaintext(world):
    item = make_evidence(world)
    actions.evidence_transfer(
        actor=world.users["investigator"], item=item, to_agency=world.other, note=CUSTODY_NOTE
    )
    result = actions.partner_import(
        actor=world.users["analyst"],
        data=actions.PartnerInput(
            format="misp", content=_misp_event(PARTNER_TITLE), partner="Interpol", kind="agency"
        ),
    )
    dump = _dump()
    for secret in ("Lò Thị Mai", "Vàng Thị Sua", "Mường Tè", *QUOTED_NAME):
        assert secret not in dump, secret
    # The application reads them, and the chain of custody, hashed over the clear note,
    # is still intact.
    assert CustodyEvent.objects.get(evidence=item, seq=2).note == CUSTODY_NOTE
    assert evidence.custody_intact(item)
    result.bundle.refresh_from_db()
    assert result.bundle.title == PARTNER_TITLE
    assert "Lý Văn Páo" in result.bundle.errors[0]["value"]


BEFORE = [("intel", "0005_merge_sealed_files_and_encryption")]
AFTER = [("intel", "0007_encrypt_existing_custody_notes_and_partner_titles")]


@pytest.mark.slow  # migrates the whole database back and forth
@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_custody_notes_and_partner_titles_written_in_clear(world):
    item = make_evidence(world)
    actions.evidence_transfer(
        actor=world.users["investigator"], item=item, to_agency=world.other, note=CUSTODY_NOTE
    )
    bundle = actions.partner_import(
        actor=world.users["analyst"],
        data=actions.PartnerInput(
            format="misp", content=_misp_event(PARTNER_TITLE), partner="Interpol", kind="agency"
        ),
    ).bundle
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        # Going back gave the clear values again, as rows written before encryption hold.
        with connection.cursor() as cur:
            cur.execute("SELECT note FROM intel_custodyevent WHERE seq = 2")
            assert cur.fetchone()[0] == CUSTODY_NOTE
            cur.execute("SELECT title, errors FROM intel_partnerbundle WHERE id = %s", [bundle.pk])
            title, errors = cur.fetchone()
            assert title == PARTNER_TITLE
            if isinstance(errors, str):  # SQLite's JSON is text, PostgreSQL's is parsed
                errors = json.loads(errors)
            assert "Lý Văn Páo" in errors[0]["value"]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        call_command("migrate", verbosity=0)
    dump = _dump()
    assert "Lò Thị Mai" not in dump
    assert "Vàng Thị Sua" not in dump
    for secret in QUOTED_NAME:
        assert secret not in dump, secret
    assert CustodyEvent.objects.get(evidence=item, seq=2).note == CUSTODY_NOTE
    assert evidence.custody_intact(item)
    bundle = PartnerBundle.objects.get(pk=bundle.pk)
    assert bundle.title == PARTNER_TITLE
    assert "Lý Văn Páo" in bundle.errors[0]["value"]


def test_key_rotation_reencrypts_custody_notes_and_keeps_the_chain(world, settings, tmp_path):
    settings.CTIP_DATA_KEY = ""
    settings.CTIP_DATA_KEY_FILE = tmp_path / "data.key"
    crypto.reset_keyring_cache()
    try:
        item = make_evidence(world)
        actions.evidence_transfer(
            actor=world.users["investigator"], item=item, to_agency=world.other, note=CUSTODY_NOTE
        )
        call_command("rotate_key")
        kid = crypto.keyring().primary[0]
        with connection.cursor() as cur:
            cur.execute("SELECT note FROM intel_custodyevent WHERE seq = 2")
            assert cur.fetchone()[0].startswith(f"v1.{kid}.")
        assert CustodyEvent.objects.get(evidence=item, seq=2).note == CUSTODY_NOTE
        assert evidence.custody_intact(item)
    finally:
        crypto.reset_keyring_cache()
