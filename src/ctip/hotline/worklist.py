"""What waits on a hotline user, for the dashboard (``ctip.core.worklist``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import worklist
from ctip.core.models import User
from ctip.hotline import selectors


def items(actor: User) -> Iterable[worklist.Item]:
    found: list[worklist.Item] = []
    if actor.has_ctip_perm("hotline.take_calls"):
        due = selectors.callbacks_due(actor).filter(callback_at__lte=timezone.now()).count()
        found.append(
            worklist.Item(_("callbacks due"), due, reverse("hotline:callbacks"), urgent=True)
        )
    if actor.has_ctip_perm("hotline.handle_requests"):
        found.append(
            worklist.Item(
                _("tracing requests to handle"),
                selectors.open_requests(actor).count(),
                reverse("hotline:requests"),
                urgent=True,
            )
        )
    return found
