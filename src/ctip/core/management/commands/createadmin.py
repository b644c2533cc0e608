import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ctip.core import actions
from ctip.core.models import Agency, AgencyType, User


class Command(BaseCommand):
    help = (
        "Create an agency administrator. Without --agency, creates the national "
        "coordinating agency first if the database has none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--agency", help="code of an existing agency")
        parser.add_argument(
            "--password-env",
            default="CTIP_ADMIN_PASSWORD",
            help="environment variable holding the password (else prompt)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username__iexact=options["username"]).exists():
            raise CommandError(f"User {options['username']!r} exists already.")
        password = os.environ.get(options["password_env"]) or getpass.getpass("Password: ")
        with transaction.atomic():
            if options["agency"]:
                agency = Agency.objects.filter(code=options["agency"]).first()
                if agency is None:
                    raise CommandError(f"No agency with code {options['agency']!r}.")
            else:
                agency = Agency.objects.filter(parent__isnull=True).order_by(
                    "pk"
                ).first() or actions.agency_create(
                    actor=None,
                    code="national",
                    type=AgencyType.OVERSIGHT,
                    name_vi="Cơ quan điều phối quốc gia",
                    name_en="National coordinating agency",
                    country="VN",
                )
            try:
                user = actions.user_create(
                    actor=None,
                    agency=agency,
                    username=options["username"],
                    password=password,
                    roles=["agency_admin"],
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Created administrator {user.username} of {agency.name_en}. "
            "They set up their second factor at first sign-in."
        )
