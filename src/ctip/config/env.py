"""Settings from the environment, or from files for secrets.

``NAME_FILE`` names a file holding the value of ``NAME`` (a systemd credential under
``$CREDENTIALS_DIRECTORY``, a secret mounted by the container runtime), so a secret never
has to sit in the environment, where every child process and crash report can read it.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name: str, default: str = "") -> str:
    """``NAME``'s value: the content of the file ``NAME_FILE`` names (without the final
    line break), else the variable ``NAME``, else ``default``."""
    path = os.environ.get(f"{name}_FILE", "")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE names {path}, which cannot be read: {exc}"
            ) from exc
    return os.environ.get(name, default)
