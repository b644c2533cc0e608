"""The WSGI application: Django's own handler."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.dev")
application = get_wsgi_application()

from ctip.config.startup import warm  # noqa: E402 - needs the apps set up

warm()
