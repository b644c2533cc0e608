"""Load the 34 provinces and cities in force since 1 July 2025, with the former
provinces merged into each (Resolution of the National Assembly, 2025)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[1] / "data" / "provinces_2025.csv"


def load(apps, schema_editor):
    from ctip.core.text import slug

    Province = apps.get_model("core", "Province")
    merged: dict[str, dict] = {}
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["province_since_2025_07_01"].strip()
            entry = merged.setdefault(name, {"kind": row["kind_since_2025"].strip(), "former": []})
            entry["former"].append(row["province_before_2025_07_01"].strip())
    for name, entry in merged.items():
        Province.objects.update_or_create(
            code=slug(name),
            defaults={"name": name, "kind": entry["kind"], "former_names": sorted(entry["former"])},
        )


def unload(apps, schema_editor):
    apps.get_model("core", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
