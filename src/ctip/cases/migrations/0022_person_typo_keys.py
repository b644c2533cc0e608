"""Give the persons on file the duplicate-search keys that tolerate a typing error.

The ``tdel:`` keys (the two end tokens of a name, one of them with a letter left out, with
the year of birth) are new: without them, a person on file would not be found by an intake
that mistypes a letter and drops the middle name. Each person's names and year are read
through the model's fields (which decrypt them), in batches, and only the HMACs are
written, as every other key; a key already held is left as it is. ``ctip persons rekey``
recomputes every key and gives the same result.
"""

from typing import Any

from django.db import migrations

BATCH = 500


def _year(person: Any) -> int | None:
    # As ``Person.year_of``: the date's year, or the one the estimated age gives.
    if person.birth_date:
        return person.birth_date.year
    if person.age_min is not None and person.age_max is not None and person.age_estimated_in:
        return person.age_estimated_in - (person.age_min + person.age_max) // 2
    return None


def add_typo_keys(apps: Any, schema_editor: Any) -> None:
    """Add the ``tdel:`` keys of every person, a batch at a time."""
    from ctip.cases.engine.duplicates import PersonFacts, blocking_keys
    from ctip.core import crypto

    Person = apps.get_model("cases", "Person")
    PersonKey = apps.get_model("cases", "PersonKey")
    persons = Person.objects.order_by("pk").only(
        "pk", "full_name", "other_names", "birth_date", "age_min", "age_max", "age_estimated_in"
    )
    last = 0
    while True:
        batch = list(persons.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        rows: list[Any] = []
        for person in batch:
            facts = PersonFacts(
                full_name=person.full_name or "",
                other_names=tuple(person.other_names or ()),
                birth_year=_year(person),
            )
            keys = {key for key in blocking_keys(facts) if key.startswith("tdel:")}
            rows.extend(
                PersonKey(person_id=person.pk, key_hash=crypto.blind_index("person_blocking", k))
                for k in sorted(keys)
            )
        PersonKey.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0021_case_intake_date_idx")]

    # Going back leaves the keys: an engine without them never looks them up.
    operations = [migrations.RunPython(add_typo_keys, migrations.RunPython.noop, elidable=False)]
