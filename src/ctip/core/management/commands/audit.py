from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.core import audit


class Command(BaseCommand):
    help = (
        "Audit trail tools: `ctip audit verify` checks the keyed chain and the signed "
        "checkpoints; `ctip audit checkpoint` signs the chain's head into the checkpoint "
        "folder; `ctip audit public-key` prints the key that checks checkpoints."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Report the first altered, inserted, forged or removed event."
        )
        verify.add_argument(
            "--checkpoints",
            type=Path,
            default=None,
            help="folder of signed checkpoints (default: CTIP_AUDIT_CHECKPOINT_DIR)",
        )
        checkpoint = sub.add_parser("checkpoint", help="Sign the chain's head into a file.")
        checkpoint.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="folder to write to (default: CTIP_AUDIT_CHECKPOINT_DIR)",
        )
        sub.add_parser("public-key", help="Print the key that checks checkpoints.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "checkpoint":
            try:
                point = audit.write_checkpoint(options["dir"])
            except audit.CheckpointError as exc:
                raise CommandError(f"No checkpoint written: {exc}.") from exc
            self.stdout.write(
                f"Checkpoint of event {point.seq} (head {point.head_hash}) written to "
                f"{point.path}. Copy it where the database's administrators cannot change it."
            )
            return
        if action == "public-key":
            self.stdout.write(audit.public_key())
            return
        folder = options["checkpoints"] or settings.CTIP_AUDIT_CHECKPOINT_DIR
        report = audit.verify(checkpoints=folder)
        if not report.ok:
            raise CommandError(
                f"Audit trail BROKEN after {report.checked} good events: {report.problem}."
            )
        self.stdout.write(f"Audit trail intact: {report.checked} events; head {report.head_hash}.")
        if report.checkpoints:
            self.stdout.write(
                f"It agrees with {report.checkpoints} signed checkpoints in {folder}."
            )
        else:
            self.stdout.write(
                f"No signed checkpoint in {folder}: events removed from the end could not be "
                "seen. Run `ctip audit checkpoint` regularly and keep the files elsewhere."
            )
