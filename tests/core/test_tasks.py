from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import PASSWORD

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_sign_in_queues_session_cleanup_that_the_worker_runs(world):
    cache.clear()
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    Client().post("/login/", {"username": "statistician-a", "password": PASSWORD})
    assert DBTaskResult.objects.filter(task_path__endswith="clear_expired_sessions").exists()
    assert Session.objects.filter(session_key="old").exists()
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert not Session.objects.filter(session_key="old").exists()
    result = DBTaskResult.objects.get(task_path__endswith="clear_expired_sessions")
    assert result.status == "SUCCESSFUL"
