"""Background work of the platform core (django-tasks, database backend)."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from ctip.core import mail


@task()
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry so the table does not grow without bound."""
    lock = "task:clear-expired-sessions"
    # One run an hour is enough however many people sign in.
    if not cache.add(lock, True, timeout=3600):
        return 0
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@task()
def run_job(job_id: int) -> str:
    """An import, rebuild or export started from a page (ctip.core.jobs)."""
    from ctip.core import jobs

    return jobs.run(job_id)


@task()
def email_notice(notice_id: int) -> int:
    """E-mail a notice to the staff it is addressed to (``ctip.core.mail``)."""
    return mail.send_notice(notice_id)
