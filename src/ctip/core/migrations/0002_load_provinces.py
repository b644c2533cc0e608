"""Load the 34 provinces and cities in force since 1 July 2025."""

from django.db import migrations


def load(apps, schema_editor):
    from ctip.core import provinces

    provinces.load(apps.get_model("core", "Province"))


def unload(apps, schema_editor):
    apps.get_model("core", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
