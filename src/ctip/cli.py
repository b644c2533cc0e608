"""The ``ctip`` command: Django's management commands under one name.

``ctip rotate-key`` and ``ctip audit verify`` read better than underscores, so the first
word's hyphens become underscores. ``ctip demo`` turns on the demo mode before
settings load. ``ctip help`` (or ``ctip`` alone) lists CTIP's own commands, one line
each; ``ctip help --all`` lists Django's as well, ``ctip help COMMAND`` explains one.
``ctip screen`` needs nothing of Django and runs without setting it up
(``ctip.screening.engine.screen``): start-up is part of what a batch user waits for.
"""

from __future__ import annotations

import os
import sys

# Django's commands an operator of CTIP uses, listed beside CTIP's own.
DJANGO_COMMANDS = ("check", "collectstatic", "shell")
# CTIP's versions of Django's commands for developers: listed with `--all` only.
DEVELOPER_COMMANDS = ("makemessages",)


def own_commands() -> dict[str, str]:
    """CTIP's commands (and the few of Django's an operator needs): name → the first
    sentence of its help."""
    from django.core.management import get_commands, load_command_class

    listed = {}
    for name, app in sorted(get_commands().items()):
        if name in DEVELOPER_COMMANDS:
            continue
        if app.startswith("ctip.") or name in DJANGO_COMMANDS:
            command = load_command_class(app, name)
            text = " ".join(str(command.help).split())
            listed[name.replace("_", "-")] = text.split(". ")[0].rstrip(".:") + "."
    return listed


def print_help() -> None:
    import django

    django.setup()
    commands = own_commands()
    width = max(len(name) for name in commands)
    print("Usage: ctip COMMAND [options]\n\nCommands:")
    for name, text in commands.items():
        print(f"  {name.ljust(width)}  {text}")
    print("\n`ctip help COMMAND` explains one; `ctip help --all` lists Django's commands too.")


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
    if args in ([], ["help"], ["--help"], ["-h"]):
        print_help()
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    elif args[:1] == ["help"] and len(args) > 1:
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ctip", *args])


if __name__ == "__main__":
    main()
