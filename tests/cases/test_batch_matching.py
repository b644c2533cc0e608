"""Matching a whole list at once gives, entry by entry, what matching one at a time gives."""

import datetime as dt

from ctip.cases import duplicates
from ctip.cases import selectors as case_selectors
from tests.cases.factories import make_case

ON_FILE = [
    ("Nguyễn Văn An", dt.date(1998, 3, 14), "male"),
    ("Nguyễn Văn An", dt.date(1990, 1, 2), "male"),
    ("Trần Thị Bích Ngọc", dt.date(2001, 7, 9), "female"),
    ("Lê Hoàng Minh", dt.date(1995, 12, 1), "male"),
    ("Phạm Thị Hoa", dt.date(1999, 5, 20), "female"),
    ("Nguyễn Thị Hoa", dt.date(1999, 5, 20), "female"),
]

SOUGHT = [
    case_selectors.SoughtFacts(full_name="AN NGUYEN VAN", birth_year=1998, sex="male"),
    case_selectors.SoughtFacts(full_name="NGUYEN VAN AN", birth_date=dt.date(1990, 1, 2)),
    case_selectors.SoughtFacts(full_name="NGOC TRAN THI BICH", birth_year=2001, sex="female"),
    case_selectors.SoughtFacts(full_name="Le Minh", birth_date=dt.date(1995, 12, 1)),
    case_selectors.SoughtFacts(full_name="HOA PHAM THI", birth_date=dt.date(1999, 5, 20)),
    case_selectors.SoughtFacts(full_name="Somchai Keo", birth_year=1980),
    case_selectors.SoughtFacts(full_name="", birth_year=1980),
]


def _facts(s):
    return duplicates.facts_from_values(
        full_name=s.full_name,
        birth_date=s.birth_date,
        birth_year=s.birth_year,
        sex=s.sex,
        identity_kind="passport",
        identity_number=s.document_number,
    )


def test_batch_candidates_equal_one_at_a_time(worker):
    for name, born, sex in ON_FILE:
        make_case(worker, name, birth_date=born, sex=sex)
    facts = [_facts(s) for s in SOUGHT]
    one = [
        [(c.person.pk, c.match.level, c.match.weight) for c in duplicates.candidates(f)]
        for f in facts
    ]
    many = [
        [(c.person.pk, c.match.level, c.match.weight) for c in found]
        for found in duplicates.candidates_many(facts)
    ]
    assert many == one
    assert any(one)  # the list does find persons on file


def test_persons_on_file_many_equal_one_at_a_time(worker):
    for name, born, sex in ON_FILE:
        make_case(worker, name, birth_date=born, sex=sex)
    one = [case_selectors.persons_on_file(worker, s, limit=3) for s in SOUGHT]
    assert case_selectors.persons_on_file_many(worker, SOUGHT, limit=3) == one
    assert case_selectors.persons_on_file_many(worker, []) == []


def test_a_list_is_scored_from_the_fields_it_fetches(worker, django_assert_num_queries):
    """The list fetches only the scored fields; reading a person's facts must then need no
    further query (a field added to the facts and not fetched would cost one per person)."""
    from ctip.cases.models import Person

    make_case(worker, "Nguyễn Văn An", birth_date=dt.date(1998, 3, 14), sex="male")
    person = Person.objects.only(*duplicates.SCORED_FIELDS).get()
    with django_assert_num_queries(0):
        facts = duplicates.facts_of(person)
    assert (facts.full_name, facts.birth_year, facts.sex) == ("Nguyễn Văn An", 1998, "male")
