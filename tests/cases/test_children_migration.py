"""Cases opened before the children's mark are marked from the age at intake."""

import datetime as dt
import importlib

from django.apps import apps

from ctip.cases.actions.children import AgeDeterminationInput, age_determine
from ctip.cases.models import Case
from tests.cases.factories import days_ago, make_case

migration = importlib.import_module("ctip.cases.migrations.0020_mark_children_opened_before")


def _years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years)


def test_cases_of_children_opened_before_the_mark_are_marked(worker, monkeypatch):
    intake = days_ago(400)
    # Fifteen at intake (sixteen today): a child by the date of birth, read decrypted.
    born = make_case(worker, "Lò Thị Mai", intake_date=intake, birth_date=_years_before(intake, 15))
    presumed = make_case(
        worker, "Vừ A Dính", intake_date=intake, birth_date=None, age_min=16, age_max=20
    )
    adult = make_case(worker, "Nguyễn Văn An", intake_date=intake)
    unknown = make_case(worker, "Hà Văn Tú", intake_date=intake, birth_date=None)
    determined = make_case(
        worker, "Sùng Thị Pà", intake_date=intake, birth_date=None, age_min=16, age_max=20
    )
    age_determine(
        actor=worker,
        case=determined,
        data=AgeDeterminationInput(child=False, basis="medical", determined_on=days_ago(1)),
    )
    # As they were before the mark existed.
    Case.objects.update(child=False)
    monkeypatch.setattr(migration, "BATCH", 2)
    migration.mark_children(apps, None)
    marked = set(Case.objects.filter(child=True).values_list("pk", flat=True))
    assert marked == {born.pk, presumed.pk}
    assert not ({adult.pk, unknown.pk, determined.pk} & marked)
    # Running it again changes nothing.
    migration.mark_children(apps, None)
    assert set(Case.objects.filter(child=True).values_list("pk", flat=True)) == marked
