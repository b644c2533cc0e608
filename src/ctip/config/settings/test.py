"""Settings for the test suite: the embedded database unless DATABASE_URL names another."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
VAR_DIR = Path(tempfile.mkdtemp(prefix="ctip-test-"))
KEYS_DIR = VAR_DIR.with_name(VAR_DIR.name + "-keys")
CTIP_DATA_KEY_FILE = KEYS_DIR / "data.key"
CTIP_LEGACY_KEY_DIR = VAR_DIR
CTIP_AUDIT_KEY_FILE = KEYS_DIR / "audit.key"
CTIP_AUDIT_KEY = "dGVzdC1hdWRpdC1rZXktMDEyMzQ1Njc4OWFiY2RlZjA="
CTIP_AUDIT_CHECKPOINT_DIR = VAR_DIR.with_name(VAR_DIR.name + "-checkpoints")
MEDIA_ROOT = VAR_DIR / "files"
CTIP_DATA_KEY = "t1:" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
PASSWORD_HASHERS = ["ctip.core.hashers.FastArgon2PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir()
WHITENOISE_USE_FINDERS = True
