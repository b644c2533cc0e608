# Joins two branches of migrations that touch different tables.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_case_plan_version"),
        ("cases", "0007_declare_sealed_file_names"),
        ("cases", "0008_encrypt_existing_personal_fields"),
    ]

    operations = []
