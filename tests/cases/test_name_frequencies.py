"""The name frequencies the synthetic persons are drawn from."""

import random
import unicodedata
from collections import Counter

from tests.cases import name_frequencies
from tests.cases.person_records import make_person

TABLES = (name_frequencies.GIVEN, name_frequencies.MIDDLE, name_frequencies.SECOND_MIDDLE)


def test_the_tables_hold_single_name_parts_with_their_counts():
    for table in TABLES:
        for sex in "MF":
            head, tail = table[sex]["head"], table[sex]["tail"]
            assert head
            assert not set(head) & set(tail)
            for name in (*head, *tail):
                assert name == unicodedata.normalize("NFC", name)
                assert name.isalpha()
                assert name == name.capitalize()
            assert all(count > 0 for count in head.values())
            # The head holds about 95 % of the mass, the tail the rest.
            mass = sum(head.values())
            assert 0.94 < mass / (mass + table[sex]["tail_mass"]) < 0.97


def test_thi_is_a_womans_middle_name_and_van_a_mans():
    middle = name_frequencies.MIDDLE
    assert next(iter(middle["F"]["head"])) == "Thị"
    assert next(iter(middle["M"]["head"])) == "Văn"
    assert "Thị" not in middle["M"]["head"]
    assert "Văn" not in middle["F"]["head"]


def test_persons_are_drawn_with_the_counted_weights():
    rng = random.Random(3)
    women = [make_person(rng, f"p{i}") for i in range(6_000)]
    women = [p for p in women if p.sex == "F"]
    middle = Counter(p.middle[0] for p in women)
    head = name_frequencies.MIDDLE["F"]["head"]
    total = sum(head.values()) + name_frequencies.MIDDLE["F"]["tail_mass"]
    share = head["Thị"] / total
    assert abs(middle["Thị"] / len(women) - share) < 0.03
    two = sum(len(p.middle) == 2 for p in women) / len(women)
    assert abs(two - name_frequencies.TWO_MIDDLE["F"]) < 0.03
    given = {p.given for p in women}
    assert given <= set(name_frequencies.GIVEN["F"]["head"]) | set(
        name_frequencies.GIVEN["F"]["tail"]
    )
