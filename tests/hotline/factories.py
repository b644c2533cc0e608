"""Records of the hotline for tests: built through the actions, as operators make them."""

from __future__ import annotations

from typing import Any

from ctip.core.models import Province, User
from ctip.hotline import actions
from ctip.hotline.models import Call, TracingRequest


def make_call(user: User, **values: Any) -> Call:
    values.setdefault("channel", "phone")
    values.setdefault("caller_type", "family")
    values.setdefault("language", "vi")
    values.setdefault("topic", "ransom")
    values.setdefault("outcome", "record_opened")
    values.setdefault("province", Province.objects.get(code="ha-noi"))
    return actions.call_log(actor=user, data=actions.CallInput(**values))


def make_request(user: User, name: str = "Nguyễn Văn An", **values: Any) -> TracingRequest:
    return record_request(user, name, **values).request


def record_request(user: User, name: str = "Nguyễn Văn An", **values: Any) -> Any:
    values.setdefault("departure_mode", "job_offer")
    values.setdefault("birth_year", 1998)
    values.setdefault("home_province", Province.objects.get(code="ha-noi"))
    values.setdefault("family_phone", "0912 345 678")
    values.setdefault("family_name", "Nguyễn Thị Bình")
    return actions.request_record(actor=user, data=actions.RequestInput(full_name=name, **values))


PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 40


def make_evidence(user: User) -> Any:
    return actions.evidence_add(
        actor=user, request=make_request(user), data=actions.EvidenceInput("capture.png", PNG)
    )


def make_match(world: Any) -> Any:
    """A request of the hotline matching the person of a case of the same agency."""
    import datetime as dt

    from tests.cases.factories import make_case

    make_case(world.users["case_worker"], "Nguyễn Văn An", birth_date=dt.date(1998, 3, 14))
    row = make_request(world.users["hotline_operator"], "Nguyen Van An", birth_year=1998)
    found = actions.request_match(actor=world.users["investigator"], request=row)
    return found[0]
