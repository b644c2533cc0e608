"""Background work of the outreach app (django-tasks, the database queue)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_campaign(campaign_id: int) -> str:
    """Send a scheduled campaign (``ctip.outreach.sending``)."""
    from ctip.outreach import sending

    return str(sending.send(campaign_id).state)
