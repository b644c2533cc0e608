import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.cases.engine.duplicates import (
    IdentityDocument,
    MatchLevel,
    PersonFacts,
    blocking_keys,
    normalise_phone,
    score,
    year_buckets,
)
from ctip.cases.engine.names import fold, jaro_winkler, phonetic_key, sorted_name


@pytest.mark.parametrize(
    "variant",
    ["Nguyễn Văn An", "AN NGUYEN VAN", "nguyen van an", "  Nguyễn   văn  AN ", "Nguyen-Van An"],
)
def test_name_folding_ignores_diacritics_case_spacing_and_order(variant):
    assert sorted_name(variant) == "an nguyen van"


def test_d_with_stroke_and_both_tone_placements_fold():
    assert fold("Đặng Đức Hòa") == fold("ĐẶNG ĐỨC HOÀ") == "dang duc hoa"


def test_phonetic_key_absorbs_common_misspellings():
    assert phonetic_key("Nguyễn Văn An") == phonetic_key("Ngyuen Van An")
    assert phonetic_key("Phạm Thị Quỳnh") == phonetic_key("Fam Thi Kuynh")
    assert phonetic_key("Trần Văn Dũng") == phonetic_key("Tran Van Zung")
    assert phonetic_key("Lê Thị Lan") != phonetic_key("Lê Thị Linh")


def test_jaro_winkler_reference_values():
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.9611, abs=1e-4)
    assert jaro_winkler("abc", "abc") == 1.0
    assert jaro_winkler("abc", "xyz") == 0.0
    assert jaro_winkler("", "abc") == 0.0


def test_year_buckets_overlap_only_within_one_year():
    assert set(year_buckets(1990)) & set(year_buckets(1991))
    assert set(year_buckets(1990)) & set(year_buckets(1989))
    assert not set(year_buckets(1990)) & set(year_buckets(1992))


def test_reordered_unaccented_record_shares_blocking_keys():
    home = PersonFacts("Nguyễn Văn An", birth_date=dt.date(1998, 5, 2))
    handover_list = PersonFacts("AN NGUYEN VAN", birth_year=1999)
    assert "name:an nguyen van" in blocking_keys(home)
    assert blocking_keys(home) & blocking_keys(handover_list)


def test_pairs_of_common_tokens_never_make_a_key():
    keys = blocking_keys(PersonFacts("Nguyễn Thị Hoa", birth_year=2000))
    pair_keys = {k for k in keys if k.startswith("pairyb:")}
    assert pair_keys == {
        f"pairyb:{pair}:{bucket}"
        for pair in ("hao ngeiun", "hao thi")
        for bucket in ("1999-2000", "2000-2001")
    }


def test_one_misspelt_token_still_shares_a_pair_key():
    a = PersonFacts("Lê Thị Quỳnh Như", birth_year=2003)
    b = PersonFacts("Le Thi Kuinh Nhu", birth_year=2003)
    c = PersonFacts("Le Thi Quynh Nhung", birth_year=2003)
    assert {k for k in blocking_keys(a) & blocking_keys(b) if k.startswith("pairyb:")}
    assert {k for k in blocking_keys(a) & blocking_keys(c) if k.startswith("pairyb:")}


def test_identity_and_phone_keys_are_normalised():
    person = PersonFacts(
        "Lò Văn Páo",
        documents=(IdentityDocument("cccd", "001 090-012345"), IdentityDocument("passport", "")),
        phones=("0912 345 678", "not a phone"),
    )
    keys = blocking_keys(person)
    assert "id:cccd:001090012345" in keys
    assert "phone:+84912345678" in keys
    assert not any(k.startswith("id:passport") for k in keys)
    assert not any(k.startswith(("nameyb:", "pairyb:")) for k in keys)


def test_phone_normalisation():
    assert normalise_phone("+84 912 345 678") == "+84912345678"
    assert normalise_phone("0912345678") == "+84912345678"
    assert normalise_phone("012 3456 789 12") is None
    assert normalise_phone("abc") is None
    assert normalise_phone("081 234 5678", "TH") == "+66812345678"


def test_same_person_reordered_without_diacritics_dob_one_year_apart_is_possible_or_likely():
    a = PersonFacts("Nguyễn Văn An", birth_date=dt.date(1998, 5, 2), sex="male")
    b = PersonFacts("AN NGUYEN VAN", birth_year=1999, sex="male")
    match = score(a, b)
    assert match.level is MatchLevel.POSSIBLE
    assert "dob_within_one_year" in match.codes
    assert ("name_similarity", "1.00") in {(r.code, r.detail) for r in match.reasons}


def test_same_name_and_birth_date_is_likely():
    a = PersonFacts("Hà Thị Mỷ", birth_date=dt.date(2001, 1, 9))
    b = PersonFacts("HA THI MY", birth_date=dt.date(2001, 1, 9))
    assert score(a, b).level is MatchLevel.LIKELY


def test_identity_number_equal_is_decisive_even_with_a_misspelt_name():
    a = PersonFacts("Phạm Thị Quỳnh", documents=(IdentityDocument("cccd", "038199001234"),))
    b = PersonFacts("Fam Thi Kuynh", documents=(IdentityDocument("cccd", "038-199-001234"),))
    match = score(a, b)
    assert match.level is MatchLevel.LIKELY
    assert match.codes[0] == "identity_number_equal"


def test_phone_equal_raises_a_name_match():
    a = PersonFacts("Vàng A Sử", phones=("0987654321",))
    b = PersonFacts("Vang A Su", phones=("+84 98 765 43 21",))
    match = score(a, b)
    assert match.level is MatchLevel.LIKELY
    assert "phone_equal" in match.codes


def test_shared_family_phone_alone_does_not_match():
    a = PersonFacts("Lò Thị Mai", birth_year=1995, phones=("0987654321",))
    b = PersonFacts("Lò Văn Chiến", birth_year=1970, phones=("0987654321",))
    assert score(a, b).level is MatchLevel.UNLIKELY


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Same common name, birth years far apart.
        (
            PersonFacts("Nguyễn Văn An", birth_year=1990),
            PersonFacts("Nguyễn Văn An", birth_year=1996),
        ),
        # Same family and middle name, different given name.
        (
            PersonFacts("Nguyễn Văn An", birth_year=1990),
            PersonFacts("Nguyễn Văn Anh", birth_year=1990),
        ),
        (
            PersonFacts("Trần Thị Lan", birth_year=2000),
            PersonFacts("Trần Thị Linh", birth_year=2000),
        ),
        # Same name and year but different citizen identity numbers.
        (
            PersonFacts(
                "Lê Văn Hùng",
                birth_year=1988,
                documents=(IdentityDocument("cccd", "001088000001"),),
            ),
            PersonFacts(
                "Lê Văn Hùng",
                birth_year=1988,
                documents=(IdentityDocument("cccd", "040088000777"),),
            ),
        ),
        # Same name and date, different sex.
        (
            PersonFacts("Nguyễn Minh Anh", birth_date=dt.date(2002, 3, 3), sex="female"),
            PersonFacts("Nguyễn Minh Anh", birth_date=dt.date(2002, 3, 3), sex="male"),
        ),
    ],
)
def test_different_people_with_common_names_do_not_match(a, b):
    assert score(a, b).level is MatchLevel.UNLIKELY


def test_other_names_are_used():
    a = PersonFacts("Hồ Thị Tuyết", other_names=("Mai Ly",), birth_year=1999)
    b = PersonFacts("MAI LY", birth_year=1999)
    assert score(a, b).level is not MatchLevel.UNLIKELY
    assert blocking_keys(a) & blocking_keys(b)


names = st.lists(
    st.sampled_from(["Nguyễn", "Trần", "Văn", "Thị", "An", "Hùng", "Lan", "Mỹ", "Đức", "Quỳnh"]),
    min_size=2,
    max_size=4,
).map(" ".join)


@given(names, st.integers(1950, 2010), st.integers(-1, 1), st.randoms())
def test_shuffled_unaccented_names_within_a_year_always_share_a_key(name, year, gap, rnd):
    tokens = fold(name).upper().split()
    rnd.shuffle(tokens)
    a = PersonFacts(name, birth_year=year)
    b = PersonFacts(" ".join(tokens), birth_year=year + gap)
    assert blocking_keys(a) & blocking_keys(b)
    assert score(a, b).level is not MatchLevel.UNLIKELY


@given(names, names)
def test_score_is_symmetric_and_bounded(x, y):
    a, b = PersonFacts(x, birth_year=1990), PersonFacts(y, birth_year=1991)
    assert score(a, b).score == score(b, a).score
    assert 0.0 <= score(a, b).score <= 1.0
