import datetime as dt

from ctip.cases.engine.children import (
    AgeBand,
    AgeFacts,
    Relation,
    Representative,
    age_band,
    check_age,
    check_representative,
    is_child,
)
from ctip.cases.labels import label_in

ON = dt.date(2026, 3, 1)


def test_birth_date_gives_under_16_and_under_18():
    assert age_band(AgeFacts(birth_date=dt.date(2011, 3, 2)), ON) == AgeBand.UNDER_16
    assert age_band(AgeFacts(birth_date=dt.date(2010, 3, 1)), ON) == AgeBand.UNDER_18
    assert age_band(AgeFacts(birth_date=dt.date(2008, 3, 1)), ON) == AgeBand.ADULT


def test_estimate_reaching_below_18_is_presumed_child_until_determined():
    facts = AgeFacts(age_min=16, age_max=20, estimated_in=2026)
    assert age_band(facts, ON) == AgeBand.PRESUMED_CHILD
    assert is_child(facts, ON)
    adult = AgeFacts(age_min=16, age_max=20, estimated_in=2026, determined_child=False)
    assert age_band(adult, ON) == AgeBand.ADULT
    assert not is_child(adult, ON)


def test_estimate_of_15_is_under_16_and_ages_with_the_years():
    facts = AgeFacts(age_min=14, age_max=15, estimated_in=2026)
    assert age_band(facts, ON) == AgeBand.UNDER_16
    assert age_band(facts, dt.date(2027, 6, 1)) == AgeBand.UNDER_18
    assert age_band(facts, dt.date(2029, 6, 1)) == AgeBand.PRESUMED_CHILD
    assert age_band(facts, dt.date(2030, 6, 1)) == AgeBand.ADULT


def test_determined_age_settles_the_band():
    assert age_band(AgeFacts(determined_child=True, determined_age=15), ON) == AgeBand.UNDER_16
    assert age_band(AgeFacts(), ON) == AgeBand.UNKNOWN


def test_birth_date_making_the_person_3_or_90_is_refused_with_the_age():
    (three,) = check_age(AgeFacts(birth_date=dt.date(2023, 1, 1)), ON)
    assert three.code == "implausible_age"
    assert "3" in three.message.en
    (ninety,) = check_age(AgeFacts(birth_date=dt.date(1936, 1, 1)), ON)
    assert "90" in ninety.message.en
    assert "90" in label_in(ninety.message, "vi")
    assert check_age(AgeFacts(birth_date=dt.date(2011, 1, 1)), ON) == []


def test_vague_estimate_is_refused():
    (issue,) = check_age(AgeFacts(age_min=10, age_max=30), ON)
    assert issue.field == "age_max"


def test_child_alone_and_suspect_guardian_may_not_consent():
    assert "alone" in check_representative(None).en
    father = Representative(Relation.FATHER, suspected=True)
    assert "suspected" in check_representative(father).en
    assert check_representative(Representative(Relation.APPOINTED)) is not None
    appointed = Representative(Relation.APPOINTED, appointed_by="Commune People's Committee")
    assert check_representative(appointed) is None
    assert check_representative(Representative(Relation.MOTHER)) is None
