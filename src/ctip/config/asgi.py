"""The ASGI application that ``ctip serve`` runs (see ctip.core.asgi for why not Django's)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.dev")
django.setup(set_prefix=False)

from ctip.core.asgi import PooledSyncHandler  # noqa: E402 - needs the apps set up

application = PooledSyncHandler(threads=int(os.environ.get("CTIP_ASGI_THREADS", "8")))
