"""The key under which the intel app's notices about one freeze request are filed.

A freeze request is announced to the institution's liaisons when it is issued, and again
when its deadline is near (``ctip intel remind``, run periodically): both in
``ctip.intel.freezing``, under this key. Answering the request resolves both. Subjects
carry the request number only.
"""

from __future__ import annotations

from ctip.core import actions as core_actions
from ctip.core.models import User
from ctip.intel.models import FreezeRequest


def freeze_key(request_id: int) -> str:
    return f"intel.freeze:{request_id}"


def freeze_answered(actor: User, request: FreezeRequest) -> None:
    """Inside the transaction that answers the request."""
    core_actions.notifications_resolve(actor=actor, key=freeze_key(request.pk))
