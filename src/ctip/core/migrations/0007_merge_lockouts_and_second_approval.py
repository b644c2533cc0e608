# Joins two branches of migrations that touch different tables.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_key_the_audit_chain"),
        ("core", "0006_second_administrator_approves_second_factor_resets"),
    ]

    operations = []
