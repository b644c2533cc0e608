"""Django's own ASGI application, for ASGI servers (``ctip serve`` uses WSGI: decision 0006)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.dev")
application = get_asgi_application()

from ctip.config.startup import warm  # noqa: E402 - needs the apps set up

warm()
