from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.core import actions
from ctip.core.models import ApiToken, User


class Command(BaseCommand):
    help = "API tokens for machine clients: create (shown once), list, revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token for a named user.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="which system uses it")
        create.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            default=[],
            help="a permission code; repeat for several (default: all the user's permissions)",
        )
        create.add_argument("--days", type=int, default=90)
        sub.add_parser("list", help="List tokens (never their secrets).")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {options['username']!r}.")
            scopes = options["scopes"] or sorted(user.permissions)
            try:
                issued = actions.token_create(
                    actor=None, user=user, name=options["name"], scopes=scopes, days=options["days"]
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            self.stderr.write(
                f"Token {issued.token.prefix} for {user.username}, expires "
                f"{issued.token.expires_at:%Y-%m-%d}. It is shown only once:"
            )
            self.stdout.write(issued.secret)
        elif action == "list":
            for t in ApiToken.objects.select_related("user"):
                state = "revoked" if t.revoked_at else ("active" if t.is_usable else "expired")
                self.stdout.write(
                    f"{t.prefix}\t{t.user.username}\t{t.name}\t{state}\t"
                    f"{t.expires_at:%Y-%m-%d}\t{','.join(t.scopes)}"
                )
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"No token with prefix {options['prefix']!r}.")
            actions.token_revoke(actor=None, token=token)
            self.stdout.write(f"Revoked {token.prefix}.")
