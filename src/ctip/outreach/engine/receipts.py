"""Delivery receipts and replies as SMSCs send them in deliver_sm (SMPP 3.4 Appendix B)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_FIELD = re.compile(r"(id|sub|dlvrd|submit date|done date|stat|err):\s?(\S*)", re.IGNORECASE)

# stat: values -> the message state they mean.
STATES = {
    "DELIVRD": "delivered",
    "EXPIRED": "expired",
    "DELETED": "undeliverable",
    "UNDELIV": "undeliverable",
    "REJECTD": "undeliverable",
    "UNKNOWN": "unknown",
    "ACCEPTD": "submitted",
    "ENROUTE": "submitted",
}


@dataclass(frozen=True)
class Receipt:
    message_id: str
    stat: str
    state: str
    error: str


def parse_receipt(text: str, receipted_id: str | None = None) -> Receipt | None:
    """The receipt in ``text`` ("id:… sub:001 dlvrd:001 … stat:DELIVRD err:000 text:…")."""
    fields = {k.lower(): v for k, v in _FIELD.findall(text.split(" text:")[0])}
    message_id = receipted_id or fields.get("id", "")
    stat = fields.get("stat", "").upper()
    if not message_id or not stat:
        return None
    return Receipt(message_id, stat, STATES.get(stat, "unknown"), fields.get("err", ""))


OPT_OUT_WORDS = frozenset({"TU CHOI", "TUCHOI", "STOP", "HUY", "DUNG", "HUY DANG KY"})


def is_opt_out(text: str) -> bool:
    """A reply asking for no more messages: "TU CHOI", "Từ chối", "stop", "HỦY"."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    words = " ".join(re.sub(r"[^A-Za-z ]", " ", folded).upper().split())
    return words in OPT_OUT_WORDS
