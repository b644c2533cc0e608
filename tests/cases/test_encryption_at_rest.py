"""Personal fields of cases and intelligence are nowhere in clear in a database dump,
existing rows are encrypted by the migration, and key rotation covers them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ctip.cases.models import Case, HandoverImport, IdentificationDecision, Person
from ctip.core import crypto
from ctip.intel import actions as intel_actions
from ctip.intel.models import FreezeRequest, Indicator, Verification
from tests.cases.factories import make_case, make_decision
from tests.intel.factories import make_freeze

SECRETS = {
    "birth_date": dt.date(2003, 7, 29),
    "ethnicity": "H'Mông Đỏ",
    "languages": ["hmn-red"],
    "exploitation_locality": "O'Smach, Oddar Meanchey",
    "compound": "KK Park tòa B7",
}
LEGAL_BASIS = "Lời khai của nạn nhân Phạm Thị Quyên ngày 3/5"


def _dump() -> str:
    """Every value of every table, as a backup would hold it."""
    parts: list[str] = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')
            parts.extend(str(v) for row in cur.fetchall() for v in row)
    return "\n".join(parts)


def _clear_marks() -> list[str]:
    return [
        "2003-07-29",
        "H'Mông",
        "hmn-red",
        "O'Smach",
        "KK Park",
        "Phạm Thị Quyên",
        "quyết định khởi tố",
        "Confirmed by the bank's own review",
    ]


def _record_everything(world) -> tuple[Case, IdentificationDecision, FreezeRequest]:
    worker = world.users["case_worker"]
    case = make_case(worker, **SECRETS)
    decision = make_decision(world)
    IdentificationDecision.objects.filter(pk=decision.pk).update(legal_basis=LEGAL_BASIS)
    freeze = make_freeze(world)
    intel_actions.indicator_verify(
        actor=world.users["investigator"],
        indicator=Indicator.objects.filter(kind="phone").first(),
        note="Confirmed by the bank's own review",
    )
    return case, decision, freeze


def test_dump_shows_no_personal_value_in_clear(world):
    case, decision, freeze = _record_everything(world)
    dump = _dump()
    for mark in _clear_marks():
        assert mark not in dump, mark
    # ...and the application still reads each of them.
    person = Person.objects.get(pk=case.person_id)
    assert person.birth_date == SECRETS["birth_date"]
    assert person.ethnicity == SECRETS["ethnicity"]
    assert person.languages == SECRETS["languages"]
    case.refresh_from_db()
    assert (case.exploitation_locality, case.compound) == (
        SECRETS["exploitation_locality"],
        SECRETS["compound"],
    )
    assert IdentificationDecision.objects.get(pk=decision.pk).legal_basis == LEGAL_BASIS
    assert "khởi tố" in FreezeRequest.objects.get(pk=freeze.pk).legal_basis
    assert Verification.objects.get().note == "Confirmed by the bank's own review"


def test_handover_list_file_name_is_not_in_clear(world):
    user = world.users["case_worker"]
    HandoverImport.objects.create(
        agency=user.agency, file_hash="0" * 64, file_name="Phạm Thị Quyên.xlsx", created_by=user
    )
    assert "Phạm Thị Quyên" not in _dump()


def test_rotation_reencrypts_the_new_fields(world, settings, tmp_path):
    settings.CTIP_DATA_KEY = ""
    settings.CTIP_DATA_KEY_FILE = tmp_path / "data.key"
    crypto.reset_keyring_cache()
    try:
        case = make_case(world.users["case_worker"], **SECRETS)
        call_command("rotate_key")
        kid = crypto.keyring().primary[0]
        with connection.cursor() as cur:
            cur.execute(
                "SELECT birth_date, ethnicity, languages FROM cases_person WHERE id = %s",
                [case.person_id],
            )
            row = cur.fetchone()
            cur.execute(
                "SELECT exploitation_locality, compound FROM cases_case WHERE id = %s", [case.pk]
            )
            row += cur.fetchone()
        assert all(value.startswith(f"v1.{kid}.") for value in row)
        assert Person.objects.get(pk=case.person_id).birth_date == SECRETS["birth_date"]
    finally:
        crypto.reset_keyring_cache()


BEFORE = [("cases", "0006_case_agency_list_in_date_order_index")]
AFTER = [("cases", "0008_encrypt_existing_personal_fields")]


@pytest.mark.slow  # migrates the whole database back and forth
@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_rows_written_in_clear(world):
    case = make_case(world.users["case_worker"], **SECRETS)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        # Going back gave the clear values again.
        with connection.cursor() as cur:
            cur.execute(
                "SELECT birth_date, ethnicity FROM cases_person WHERE id = %s", [case.person_id]
            )
            birth, ethnicity = cur.fetchone()
        assert str(birth) == "2003-07-29"
        assert ethnicity == SECRETS["ethnicity"]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        call_command("migrate", verbosity=0)
    for mark in _clear_marks()[:5]:
        assert mark not in _dump(), mark
    person = Person.objects.get(pk=case.person_id)
    assert (person.birth_date, person.ethnicity, person.languages) == (
        SECRETS["birth_date"],
        SECRETS["ethnicity"],
        SECRETS["languages"],
    )
    assert Case.objects.get(pk=case.pk).compound == SECRETS["compound"]
