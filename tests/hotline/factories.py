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
