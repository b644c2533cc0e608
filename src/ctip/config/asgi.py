"""The ASGI application that ``ctip serve`` runs (see ctip.core.asgi for why not Django's)."""

import os

import django
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.dev")
django.setup(set_prefix=False)

from ctip.config.startup import warm  # noqa: E402 - needs the apps set up
from ctip.core.asgi import PooledSyncHandler  # noqa: E402

application = PooledSyncHandler(threads=int(os.environ.get("CTIP_ASGI_THREADS", "8")))
warm()


def django_asgi() -> ASGIHandler:
    """Django's own ASGI handler, for comparing servers (bench/, docs/performance.md)."""
    return ASGIHandler()
