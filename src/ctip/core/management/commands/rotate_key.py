from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ctip.core import keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every personal field under a new data key and recompute blind "
        "indexes. Embedded mode: a new key is created in the key file. With "
        "CTIP_DATA_KEY: put the new key first, then run this, then drop the old key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CTIP_DATA_KEY:
            result = keys.reencrypt_all(batch_size=options["batch_size"])
            self.stdout.write(
                f"Re-encrypted {result.rows} rows under key {result.key_id}. "
                "Now remove the old keys from CTIP_DATA_KEY."
            )
        else:
            result = keys.rotate_local_key(batch_size=options["batch_size"])
            self.stdout.write(
                f"New data key {result.key_id}; re-encrypted {result.rows} rows; "
                "the old key was removed from the key file."
            )
