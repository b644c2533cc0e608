"""Background work of the hotline (django-tasks, the database queue)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_family_notices() -> int:
    """Send the families' status texts waiting in the outbox (``actions.family``)."""
    from ctip.hotline.actions.family import notices_deliver

    return notices_deliver()
