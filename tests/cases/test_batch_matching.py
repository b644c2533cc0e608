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


def _answers(found, person_of):
    return [
        (person_of(c), c.match.level, c.match.weight, c.match.score, c.match.reasons) for c in found
    ]


def _one_and_many(facts):
    one = [_answers(duplicates.candidates(f), lambda c: c.person.pk) for f in facts]
    many = [_answers(found, lambda c: c.person_id) for found in duplicates.candidates_many(facts)]
    return one, many


def test_batch_candidates_equal_one_at_a_time(worker):
    for name, born, sex in ON_FILE:
        make_case(worker, name, birth_date=born, sex=sex)
    one, many = _one_and_many([_facts(s) for s in SOUGHT])
    assert many == one
    assert any(one)  # the list does find persons on file


def test_a_list_decrypting_documents_and_phones_only_where_given_answers_the_same(worker):
    """The list reads identity documents and phones only for the candidates of a listed
    person who gives one, and for the candidates compared with one another (two records
    of one person, known by the same passport, are not rivals): the same answers as the
    search of one person, which reads every field of every candidate."""
    for born in (dt.date(1998, 3, 14), dt.date(1998, 3, 14), dt.date(1998, 4, 2)):
        make_case(
            worker,
            "Nguyễn Văn An",
            birth_date=born,
            identity_kind="passport",
            identity_number="B1234567" if born.month == 3 else "C7654321",
            phone="0912 345 678" if born.month == 3 else "",
        )
    make_case(worker, "Nguyễn Văn Ân", birth_date=dt.date(1998, 3, 14), phone="0987 654 321")
    facts = [
        _facts(case_selectors.SoughtFacts(full_name="AN NGUYEN VAN", birth_year=1998)),
        _facts(
            case_selectors.SoughtFacts(
                full_name="NGUYEN VAN AN",
                birth_date=dt.date(1998, 3, 14),
                document_number="B1234567",
            )
        ),
        duplicates.facts_from_values(
            full_name="Nguyễn Văn An", birth_year=1998, phone="0987654321"
        ),
    ]
    one, many = _one_and_many(facts)
    assert many == one
    assert len(one[0]) >= 3  # all three records of the name, the passport's two not rivals
    assert {"identity_number_equal"} <= {r.code for r in one[1][0][4]}
    assert {"phone_equal"} <= {r.code for r in one[2][0][4]}
    # The first alone: the candidates compared with one another are read whole.
    assert _one_and_many(facts[:1])[1] == one[:1]


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


def test_a_long_list_gives_each_listed_person_the_answer_of_one_at_a_time(worker):
    """The same listed persons three times over: the same levels, weights, scores and
    reasons for each as searched alone, and the selectors' answers alike."""
    for name, born, sex in ON_FILE:
        make_case(worker, name, birth_date=born, sex=sex)
    facts = [_facts(s) for s in SOUGHT] * 3
    one, many = _one_and_many(facts)
    assert many == one
    assert any(one)
    one_at_a_time = [case_selectors.persons_on_file(worker, s, limit=3) for s in SOUGHT]
    assert case_selectors.persons_on_file_many(worker, SOUGHT, limit=3) == one_at_a_time
