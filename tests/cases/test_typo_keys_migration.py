"""Persons on file get the keys that find them through a typing error beside a dropped
middle name, from the migration that adds them (and from ``ctip persons rekey``)."""

import datetime as dt
import importlib

from django.apps import apps
from django.core.management import call_command

from ctip.cases import duplicates
from ctip.cases.engine.duplicates import blocking_keys
from ctip.cases.models import PersonKey
from ctip.core import crypto
from tests.cases.factories import make_case

migration = importlib.import_module("ctip.cases.migrations.0022_person_typo_keys")


def _typo_hashes(person):
    return {
        crypto.blind_index(duplicates.PURPOSE, key)
        for key in blocking_keys(duplicates.facts_of(person))
        if key.startswith("tdel:")
    }


def _held(person):
    return set(PersonKey.objects.filter(person=person).values_list("key_hash", flat=True))


def _found_by_note(person):
    note = duplicates.facts_from_values(full_name="le sno", birth_year=1991, sex="male")
    return person.pk in {c.person.pk for c in duplicates.candidates(note)}


def test_the_migration_gives_persons_on_file_the_typo_keys(worker, monkeypatch):
    son = make_case(worker, "Lê Đức Sơn", birth_date=dt.date(1990, 6, 2)).person
    estimated = make_case(
        worker, "Vàng Thị Pà", birth_date=None, age_min=20, age_max=24, sex="female"
    ).person
    unknown = make_case(worker, "Hà Văn Tú", birth_date=None).person
    complete = {p.pk: _held(p) for p in (son, estimated, unknown)}
    typo = {p.pk: _typo_hashes(p) for p in (son, estimated, unknown)}
    # A year, from the date or from the age.
    assert typo[son.pk]
    assert typo[estimated.pk]
    assert not typo[unknown.pk]  # no year, no typo key
    assert _found_by_note(son)
    # As the engine before them left the persons on file.
    PersonKey.objects.filter(key_hash__in=set().union(*typo.values())).delete()
    assert not _found_by_note(son)
    monkeypatch.setattr(migration, "BATCH", 2)
    migration.add_typo_keys(apps, None)
    assert {p.pk: _held(p) for p in (son, estimated, unknown)} == complete
    assert _found_by_note(son)
    # Running it again changes nothing; rekeying gives the same keys.
    migration.add_typo_keys(apps, None)
    call_command("persons", "rekey")
    assert {p.pk: _held(p) for p in (son, estimated, unknown)} == complete


def test_the_next_migration_gives_names_of_two_common_ends_their_keys(worker):
    duong = make_case(worker, "Trần Hải Dương", birth_date=dt.date(1996, 2, 3)).person
    complete = _held(duong)
    typo = _typo_hashes(duong)
    assert typo
    note = duplicates.facts_from_values(full_name="tran duong", birth_year=1996, sex="male")
    assert duong.pk in {c.person.pk for c in duplicates.candidates(note)}
    PersonKey.objects.filter(key_hash__in=typo).delete()
    assert duong.pk not in {c.person.pk for c in duplicates.candidates(note)}
    importlib.import_module(
        "ctip.cases.migrations.0023_person_typo_keys_of_common_ends"
    ).add_typo_keys(apps, None)
    assert _held(duong) == complete
    assert duong.pk in {c.person.pk for c in duplicates.candidates(note)}
