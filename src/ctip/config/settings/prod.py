"""Production: every secret comes from the environment, and defaults are refused."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CTIP_AUDIT_KEY, CTIP_DATA_KEY, LOGGING, SECRET_KEY

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("CTIP_SECRET_KEY must be set to a random value of 50+ characters.")
if not CTIP_DATA_KEY:
    raise ImproperlyConfigured(
        "CTIP_DATA_KEY must be set: production never creates or reads a local key file."
    )
if not CTIP_AUDIT_KEY:
    raise ImproperlyConfigured(
        "CTIP_AUDIT_KEY must be set: the audit chain is keyed with it, apart from the database."
    )
CTIP_DATA_KEY_FILE = None
CTIP_AUDIT_KEY_FILE = None
CTIP_LEGACY_KEY_DIR = None
CTIP_DEMO = False
CTIP_OUTREACH_CLOCK_SHIFT = 0  # production sends by the real clock, whatever the environment

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Probes and the metrics scraper talk to the server directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

LOGGING["handlers"]["console"]["formatter"] = "json"
LOGGING["loggers"]["ctip.access"]["level"] = os.environ.get("CTIP_ACCESS_LOG_LEVEL", "INFO")
