"""The embedded mode: one machine, SQLite under var/, keys created on first run."""

from ctip.core.keyfile import local_secret

from .base import *  # noqa: F403
from .base import KEYS_DIR, SECRET_KEY, VAR_DIR

DEBUG = False
VAR_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
SECRET_KEY = SECRET_KEY or local_secret(KEYS_DIR / "secret.key", legacy=VAR_DIR / "secret.key")
