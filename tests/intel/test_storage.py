"""A database dump reveals no reporter and no narrative."""

from django.db import connection

from ctip.intel import actions
from ctip.intel.actions import IndicatorInput
from tests.intel.factories import PHONE, make_freeze

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
        type="impersonation",
        narrative=NARRATIVE,
        indicators=[PHONE, IndicatorInput("phone", "0977 12")],
        reporter_name="Trần Thị Bích Ngọc",
        reporter_phone="0988 765 432",
        reporter_email="ngoc.tran@example.vn",
    )
    request = make_freeze(world)
    actions.freeze_request_answer(
        actor=world.users["liaison"],
        request=request,
        status="done",
        amount_held_vnd=1,
        note="Chủ tài khoản LE VAN KHOA",
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
