"""Mark the cases opened before the ``child`` mark whose person was under 18 at intake, or
presumed so from an estimated age, as children's cases.

Cases opened since are marked at intake, and a recorded age determination settles the mark
either way, so only unmarked cases without a determination are read. The date of birth is
encrypted: it is read through the model's field (which decrypts it), in batches.
"""

from typing import Any

from django.db import migrations

from ctip.cases.engine.children import AgeFacts, is_child

BATCH = 500


def mark_children(apps: Any, schema_editor: Any) -> None:
    """Mark the unmarked cases of children, a batch at a time."""
    Case = apps.get_model("cases", "Case")
    unmarked = Case.objects.filter(child=False, age_determinations__isnull=True).order_by("pk")
    last = 0
    while True:
        batch = list(
            unmarked.filter(pk__gt=last)
            .select_related("person")
            .only(
                "pk",
                "intake_date",
                "person__birth_date",
                "person__age_min",
                "person__age_max",
                "person__age_estimated_in",
            )[:BATCH]
        )
        if not batch:
            return
        last = batch[-1].pk
        children = [
            case.pk
            for case in batch
            if is_child(
                AgeFacts(
                    birth_date=case.person.birth_date,
                    age_min=case.person.age_min,
                    age_max=case.person.age_max,
                    estimated_in=case.person.age_estimated_in,
                ),
                case.intake_date,
            )
        ]
        Case.objects.filter(pk__in=children).update(child=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0019_labels_in_catalogue")]

    # Going back leaves the marks: they are what the cases' records say.
    operations = [migrations.RunPython(mark_children, migrations.RunPython.noop, elidable=False)]
