"""Settings of the outreach app, from the environment, with the rules' defaults."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "CTIP_SMPP_HOST": "127.0.0.1",
    "CTIP_SMPP_PORT": 2775,
    "CTIP_SMPP_SYSTEM_ID": "ctip",
    "CTIP_SMPP_PASSWORD": "",
    "CTIP_SMPP_TIMEOUT": 5.0,  # seconds to wait for the SMSC's answer before calling it lost
    "CTIP_SMS_SENDER": "CANHBAO",
    "CTIP_SMS_WINDOW": 64,
    "CTIP_SMS_MAX_TPS": 200.0,
    "CTIP_SMS_DAILY_LIMIT": 3,  # Decree 91/2020: at most 3 a number in 24 hours
    "CTIP_SMS_PRICE_PER_PART": 850,  # VND, one part, the carriers' list price
    "CTIP_SMS_BATCH": 200,  # messages marked "submitting" in one transaction
    "CTIP_SMS_RECEIPT_WAIT": 5.0,  # seconds a sending job listens for receipts at its end
    "CTIP_TIME_ZONE": "Asia/Ho_Chi_Minh",
}


def get(name: str) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    raw = os.environ.get(name)
    if raw is None:
        return default
    return type(default)(raw)
