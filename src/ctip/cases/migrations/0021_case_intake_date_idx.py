from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0020_mark_children_opened_before"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["intake_date"], name="case_intake_date_idx"),
        ),
    ]
