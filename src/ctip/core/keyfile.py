"""Local key files for the embedded mode (one machine, no secret manager).

Files are created once with mode 0600 inside a 0700 directory, so that other local
accounts cannot read them. The directory is apart from the database's (``KEYS_DIR``,
by default ``var-keys/`` beside ``var/``): a copy of the data folder never carries
its keys. Files that older versions kept in ``var/`` are moved there on first use.
Production never uses these: it takes keys from the environment and refuses to start
without them.
"""

import base64
import logging
import os
import secrets
import shutil
from pathlib import Path

log = logging.getLogger(__name__)


def adopt_legacy(path: Path, legacy: Path | None) -> None:
    """Move a key file from where older versions kept it (beside the database)."""
    if legacy is None or path.exists() or not legacy.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    shutil.move(legacy, path)
    os.chmod(path, 0o600)
    log.warning("Moved the key file %s to %s, apart from the database.", legacy, path)


def _write_new(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(content)


def local_secret(path: Path, *, legacy: Path | None = None) -> str:
    """Django's SECRET_KEY for the embedded mode, created on first use."""
    adopt_legacy(path, legacy)
    if not path.exists():
        _create_once(path, secrets.token_urlsafe(64) + "\n")
    return path.read_text().strip()


def new_data_key() -> tuple[str, bytes]:
    """A fresh 256-bit data key and a short id that names it in every ciphertext."""
    return secrets.token_hex(4), secrets.token_bytes(32)


def format_key(kid: str, key: bytes) -> str:
    return f"{kid}:{base64.b64encode(key).decode()}"


def _create_once(path: Path, content: str) -> None:
    # Two processes of a fresh install may race here: the first file written wins.
    try:
        _write_new(path, content)
    except FileExistsError:
        return


def create_data_key_file(path: Path) -> None:
    _create_once(path, format_key(*new_data_key()) + "\n")


def create_secret_file(path: Path) -> None:
    """A 256-bit key, base64, for a fresh install (the audit chain's key)."""
    _create_once(path, base64.b64encode(secrets.token_bytes(32)).decode() + "\n")


def replace_key_file(path: Path, lines: list[str]) -> None:
    """Atomically rewrite the key file (used by key rotation)."""
    tmp = path.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    _write_new(tmp, "\n".join(lines) + "\n")
    os.replace(tmp, path)
