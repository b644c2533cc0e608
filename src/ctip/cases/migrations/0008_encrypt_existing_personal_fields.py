"""Encrypt the values written in clear before the columns became encrypted fields.

Apart from the change of column type (the previous migration), because PostgreSQL does
not alter a table in the transaction that updated its rows.
"""

from django.db import migrations

from ctip.core.migration_ops import encrypt_in_place


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_store_personal_fields_as_encrypted_text")]

    operations = [
        encrypt_in_place("cases.Person", "birth_date", "ethnicity", "languages"),
        encrypt_in_place("cases.Case", "exploitation_locality", "compound"),
        encrypt_in_place("cases.IdentificationDecision", "legal_basis"),
        encrypt_in_place("cases.HandoverImport", "file_name"),
    ]
