# Joins two branches of migrations that touch different tables.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intel", "0003_declare_sealed_file_names"),
        ("intel", "0004_encrypt_existing_legal_basis_and_verification_basis"),
    ]

    operations = []
