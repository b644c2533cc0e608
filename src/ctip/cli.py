"""The ``ctip`` command: Django's management commands under one name.

``ctip rotate-key`` and ``ctip audit verify`` read better than underscores, so the first
word's hyphens become underscores. ``ctip demo`` turns on the demo mode before
settings load. ``ctip help`` (or ``ctip`` alone) lists CTIP's own commands, one line
each; ``ctip help --all`` lists Django's as well, ``ctip help COMMAND`` explains one.
``ctip screen`` needs nothing of Django and runs without setting it up
(``ctip.screening.engine.screen``): start-up is part of what a batch user waits for.
A command that meets a database it cannot use says why in one sentence (not migrated
yet, or not reachable) instead of a traceback.
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
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        os.environ["DJANGO_SETTINGS_MODULE"] = "ctip.config.settings.dev"
    if args in ([], ["help"], ["--help"], ["-h"]):
        print_help()
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    elif args[:1] == ["help"] and len(args) > 1:
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(["ctip", *args])
    except DatabaseError as error:
        advice = database_advice(error) if args[:1] != ["migrate"] else None
        if advice is None:
            raise
        sys.stderr.write(advice + "\n")
        sys.exit(1)


def database_advice(error: Exception) -> str | None:
    """One sentence for an operator whose command met a database it cannot use, or None
    when the database is up to date and reachable (then the error is a fault to report)."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        connection.close()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as unreachable:
        return (
            f"CTIP cannot use its database ({unreachable}). "
            "Check DATABASE_URL and that the database server runs."
        )
    if pending:
        return (
            f"CTIP's database is not up to date ({len(pending)} migrations to apply). "
            "Run `ctip migrate` first."
        )
    return None


if __name__ == "__main__":
    main()
