"""Encrypt the custody notes and partner documents' titles and errors written in clear.

Apart from the change of column type (the previous migration), because PostgreSQL does
not alter a table in the transaction that updated its rows. The custody chain hashes the
clear note, so the chain stays intact.
"""

from django.db import migrations

from ctip.core.migration_ops import encrypt_in_place


class Migration(migrations.Migration):
    dependencies = [("intel", "0006_store_custody_note_and_partner_title_as_encrypted_text")]

    operations = [
        encrypt_in_place("intel.CustodyEvent", "note"),
        encrypt_in_place("intel.PartnerBundle", "title", "errors"),
    ]
