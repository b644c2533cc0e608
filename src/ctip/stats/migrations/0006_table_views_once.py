"""Each draft a reader was shown is kept once: its fingerprint, the duplicates removed."""

import hashlib
import json

from django.db import migrations, models


def _digest(view) -> str:  # the same as TableView.digest_of, frozen here
    content = [
        view.dataset,
        view.period_start.isoformat(),
        view.period_end.isoformat(),
        view.breakdowns,
        view.cells,
    ]
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(encoded.encode()).hexdigest()


def fingerprint(apps, schema_editor) -> None:
    TableView = apps.get_model("stats", "TableView")
    seen: set[tuple[int, str]] = set()
    duplicates: list[int] = []
    for view in TableView.objects.order_by("pk").iterator(chunk_size=2000):
        digest = _digest(view)
        if (view.user_id, digest) in seen:
            duplicates.append(view.pk)
            continue
        seen.add((view.user_id, digest))
        TableView.objects.filter(pk=view.pk).update(digest=digest)
    for at in range(0, len(duplicates), 1000):
        TableView.objects.filter(pk__in=duplicates[at : at + 1000]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0005_table_views_by_dataset"),
    ]

    operations = [
        migrations.AddField(
            model_name="tableview",
            name="digest",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fingerprint, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="tableview",
            constraint=models.UniqueConstraint(
                fields=("user", "digest"), name="stats_view_once_a_reader"
            ),
        ),
    ]
