"""Encrypt the values written in clear before the columns became encrypted fields.

Apart from the change of column type (the previous migration), because PostgreSQL does
not alter a table in the transaction that updated its rows.
"""

from django.db import migrations

from ctip.core.migration_ops import encrypt_in_place


class Migration(migrations.Migration):
    dependencies = [("intel", "0003_store_legal_basis_and_verification_basis_as_encrypted_text")]

    operations = [
        encrypt_in_place("intel.FreezeRequest", "legal_basis"),
        encrypt_in_place("intel.Verification", "note"),
    ]
