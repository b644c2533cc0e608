"""The ``ctip`` command: Django's management commands under one name.

``ctip rotate-key`` and ``ctip audit verify`` read better than underscores, so the first
word's hyphens become underscores. ``ctip demo`` turns on the demo mode before
settings load. ``ctip screen`` needs nothing of Django and runs without setting it up
(``ctip.screening.engine.screen``): start-up is part of what a batch user waits for.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    if args[:1] == ["screen"]:
        from ctip.screening.engine.screen import main as screen

        sys.exit(screen(args[1:]))
    if args[:1] == ["demo"]:
        os.environ["CTIP_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ctip", *args])


if __name__ == "__main__":
    main()
