"""Settings shared by every environment.

Configuration comes from environment variables with safe defaults for the embedded
mode (one machine, SQLite under ``var/``). ``prod`` refuses to start on defaults.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

from ctip.config.env import env

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = Path(os.environ.get("CTIP_HOME", SRC_DIR.parents[1])).resolve()
VAR_DIR = Path(os.environ.get("CTIP_VAR_DIR", BASE_DIR / "var")).resolve()
# Key files of the embedded mode live apart from the database, so that a copy of the
# data folder (or a backup of it) never carries the keys that open it.
KEYS_DIR = Path(os.environ.get("CTIP_KEYS_DIR", VAR_DIR.with_name(VAR_DIR.name + "-keys")))

DEBUG = False
CTIP_DEMO = os.environ.get("CTIP_DEMO", "") == "1"
# Seconds added to the time by which outreach judges its sending hours (ctip/outreach/
# clock.py): only on a demo instance, so that a browser journey can run at night.
CTIP_OUTREACH_CLOCK_SHIFT = (
    int(os.environ.get("CTIP_OUTREACH_CLOCK_SHIFT", "0") or 0) if CTIP_DEMO else 0
)

SECRET_KEY = env("CTIP_SECRET_KEY")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CTIP_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CTIP_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ctip.core",
    "ctip.compounds",
    "ctip.screening",
    "ctip.cases",
    "ctip.intel",
    "ctip.hotline",
    "ctip.cooperation",
    "ctip.outreach",
    "ctip.proceedings",
    "ctip.registry",
    "ctip.stats",
]

MIDDLEWARE = [
    "ctip.core.requestlog.ClientAddressMiddleware",
    "ctip.core.middleware.ProblemDetailsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "ctip.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ctip.core.middleware.LanguageMiddleware",
    "ctip.core.middleware.InputSanitationMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ctip.core.middleware.SessionEpochMiddleware",
    "ctip.core.middleware.PrivateResponseMiddleware",
    "ctip.core.middleware.ForeignAgencyLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ctip.core.middleware.AccessMiddleware",
]

ROOT_URLCONF = "ctip.config.urls"
WSGI_APPLICATION = "ctip.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ctip.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ctip.sqlite3'}"),
        # Keep connections between requests (checked before reuse): opening one per
        # request costs more than a public lookup itself.
        conn_max_age=int(os.environ.get("CTIP_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
    # the start of a transaction, so two writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ctip_cache",
    },
    # Public rate limits (ctip.core.throttle): in each process's memory, unless counted
    # in Redis (CTIP_REDIS_URL, shared by every worker and server) or in the database
    # cache table (CTIP_THROTTLE_CACHE=db).
    "throttle": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ctip_cache"}
        if os.environ.get("CTIP_THROTTLE_CACHE") == "db"
        else {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CTIP_REDIS_URL"),
            "KEY_PREFIX": "ctip",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if env("CTIP_REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    ),
}

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("CTIP_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "ctip.core.views.csrf_failure"

# Idle sessions end sooner than the absolute limit above (a phone left at a border desk).
CTIP_SESSION_IDLE_SECONDS = int(os.environ.get("CTIP_SESSION_IDLE_SECONDS", str(30 * 60)))
CTIP_LOGIN_MAX_FAILURES = 5
CTIP_LOGIN_LOCKOUT_SECONDS = 15 * 60
CTIP_LOGIN_IP_LIMIT_PER_10_MIN = 30
# Public job-offer checks (page and API together) per client address and minute.
CTIP_SCREENING_RATE_PER_MINUTE = int(os.environ.get("CTIP_SCREENING_RATE_PER_MINUTE", "30"))
# Paths that judge pasted text themselves (the job-offer check names binary content in
# its own words and stores no text): the NUL-character refusal leaves them alone.
CTIP_RAW_TEXT_PATHS = ("/check/", "/api/v1/screening/assess")
# Public scam reports go to this agency (by code); empty: the top-level agency.
CTIP_INTEL_INTAKE_AGENCY = os.environ.get("CTIP_INTEL_INTAKE_AGENCY", "")
# Notices are also sent by e-mail (a sentence and a link to the inbox at this address).
CTIP_BASE_URL = os.environ.get("CTIP_BASE_URL", "http://localhost:8000")
EMAIL_HOST = os.environ.get("CTIP_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CTIP_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CTIP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CTIP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CTIP_EMAIL_TLS", "") == "1"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("CTIP_EMAIL_FROM", "CTIP <no-reply@ctip.invalid>")
# Freeze requests whose deadline is this close are reminded (`ctip intel remind`).
CTIP_FREEZE_REMINDER_HOURS = int(os.environ.get("CTIP_FREEZE_REMINDER_HOURS", "24"))
CTIP_INTEL_LOOKUPS_PER_MINUTE = int(os.environ.get("CTIP_INTEL_LOOKUPS_PER_MINUTE", "30"))
CTIP_INTEL_REPORTS_PER_MINUTE = int(os.environ.get("CTIP_INTEL_REPORTS_PER_MINUTE", "3"))
CTIP_REGISTRY_LOOKUPS_PER_MINUTE = int(os.environ.get("CTIP_REGISTRY_LOOKUPS_PER_MINUTE", "60"))
CTIP_REGISTRY_INCIDENTS_PER_MINUTE = int(os.environ.get("CTIP_REGISTRY_INCIDENTS_PER_MINUTE", "3"))
CTIP_INTEL_FOLLOWS_PER_MINUTE = int(os.environ.get("CTIP_INTEL_FOLLOWS_PER_MINUTE", "10"))
# Where a public report goes by its type when no province is given: "type=agency-code,...".
CTIP_INTEL_ROUTES_BY_TYPE = dict(
    pair.split("=", 1)
    for pair in os.environ.get("CTIP_INTEL_ROUTES_BY_TYPE", "").split(",")
    if "=" in pair
)

LANGUAGE_CODE = "vi"
# Each app keeps its own catalogue in <app>/locale/; languages are named in their own tongue.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
USE_I18N = True
# One way to show dates and numbers per language (config/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["ctip.config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "ctip_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "files"

# Request bodies: forms and JSON stay small; uploads have their own, larger limit.
CTIP_MAX_REQUEST_BYTES = int(os.environ.get("CTIP_MAX_REQUEST_BYTES", str(2 * 1024 * 1024)))
CTIP_MAX_UPLOAD_BYTES = int(os.environ.get("CTIP_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = CTIP_MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = CTIP_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
CTIP_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The data key ring: "kid:base64key" entries separated by commas, the first encrypting.
CTIP_DATA_KEY = env("CTIP_DATA_KEY")
CTIP_DATA_KEY_FILE: Path | None = KEYS_DIR / "data.key"
# Where older versions kept the key files (beside the database); moved on first start.
CTIP_LEGACY_KEY_DIR: Path | None = VAR_DIR

# The audit chain's key (base64 of 32 bytes), kept apart from the database: an HMAC
# under it links each event to the one before, so rewriting history needs the key.
CTIP_AUDIT_KEY = env("CTIP_AUDIT_KEY")
CTIP_AUDIT_KEY_FILE: Path | None = KEYS_DIR / "audit.key"
# Signed checkpoints of the chain's head, written by `ctip audit checkpoint`.
CTIP_AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("CTIP_AUDIT_CHECKPOINT_DIR", VAR_DIR.with_name(VAR_DIR.name + "-checkpoints"))
)

# Addresses of the reverse proxies whose X-Forwarded-For names the client (ctip.core.requestlog).
CTIP_TRUSTED_PROXIES = os.environ.get("CTIP_TRUSTED_PROXIES", "127.0.0.1,::1")
# Who may read /metrics: a bearer token, or these addresses (ctip.core.metrics).
CTIP_METRICS_TOKEN = env("CTIP_METRICS_TOKEN")
CTIP_METRICS_ALLOWED = os.environ.get("CTIP_METRICS_ALLOWED", "127.0.0.1,::1")

# One line a record: JSON under the production settings, with the request id.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ctip.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("CTIP_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Access lines are for production's JSON log; the embedded mode keeps quiet.
        "ctip.access": {"level": os.environ.get("CTIP_ACCESS_LOG_LEVEL", "WARNING")},
    },
}
