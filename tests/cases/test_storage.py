"""A database dump reveals no person: names, numbers and phones are never in plaintext."""

from django.db import connection

from ctip.cases import actions, duplicates
from ctip.cases.models import Person
from tests.cases.factories import days_ago, make_case


def _dump() -> str:
    parts = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            if not table.startswith("cases_"):
                continue
            cur.execute(f'SELECT * FROM "{table}"')
            parts += [repr(row) for row in cur.fetchall()]
    return "\n".join(parts)


def test_no_personal_value_is_stored_in_plaintext(worker):
    make_case(
        worker,
        "Đặng Thị Thu Trang",
        other_names=["Trang Dang"],
        identity_number="038199001234",
        phone="0912 888 777",
        address="Xóm 3, xã Nghi Lộc",
        home_commune="Nghi Lộc",
    )
    dump = _dump()
    for secret in ("Trang", "TRANG", "038199001234", "0912888777", "912888777", "Nghi"):
        assert secret not in dump
    person = Person.objects.get()
    assert person.full_name == "Đặng Thị Thu Trang"
    assert person.identity_number_index
    assert person.phone_index


def test_blind_indexes_find_a_person_by_number_and_phone(worker):
    make_case(worker, "Hồ Văn Nam", identity_number="038 199 001 234", phone="+84912888777")
    by_id = Person.objects.get(
        identity_number_index=Person._meta.get_field("identity_number_index").compute(
            "038199001234"
        )
    )
    by_phone = Person.objects.get(
        phone_index=Person._meta.get_field("phone_index").compute("0912 888 777")
    )
    assert by_id == by_phone


def test_duplicate_candidates_across_spellings(worker):
    first = make_case(worker, "Nguyễn Văn An").person
    facts = duplicates.facts_from_values(full_name="AN NGUYEN VAN", birth_year=1999, sex="male")
    found = duplicates.candidates(facts)
    assert [c.person for c in found] == [first]
    assert found[0].match.level.value in {"likely", "possible"}
    far = duplicates.facts_from_values(full_name="Nguyen Van An", birth_year=1970, sex="male")
    assert all(c.match.level.value != "likely" for c in duplicates.candidates(far))


def test_duplicate_keys_are_stored_as_hashes(worker):
    case = make_case(worker, "Nguyễn Văn An")
    keys = list(case.person.keys.values_list("key_hash", flat=True))
    assert keys
    assert all(len(k) == 40 and "nguyen" not in k for k in keys)
    actions.case_open(
        actor=worker,
        data=actions.CaseOpenInput(
            full_name="Nguyen Van An",
            intake_channel="hotline",
            intake_date=days_ago(0),
            birth_date=case.person.birth_date,
        ),
    )
    assert (
        len(duplicates.candidates(duplicates.facts_of(case.person), exclude=[case.person_id])) == 1
    )
