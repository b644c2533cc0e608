from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_children(apps, schema_editor):
    """The cases recorded before keep their victims' age bands in the counts too."""
    CriminalCase = apps.get_model("proceedings", "CriminalCase")
    Victim = apps.get_model("proceedings", "Victim")

    def counted(**filters):
        rows = (
            Victim.objects.filter(case=OuterRef("pk"), **filters)
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    CriminalCase.objects.update(
        victim_under_16=counted(under_16=True), victim_under_18=counted(under_18=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proceedings", "0004_victim_under_18"),
    ]

    operations = [
        migrations.AddField(
            model_name="criminalcase",
            name="victim_under_16",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="criminalcase",
            name="victim_under_18",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_children, migrations.RunPython.noop),
    ]
