import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.cases.engine.duplicates import (
    MAX_CANDIDATES,
    POSSIBLE,
    IdentityDocument,
    Match,
    MatchLevel,
    PersonFacts,
    PersonIndex,
    blocking_keys,
    exclusive,
    exclusive_totals,
    name_keys,
    normalise_phone,
    pair_total,
    rivals,
    score,
    search_keys,
    typo_keys,
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
        for pair in ("hao ngeun", "hao thi")
        for bucket in ("1999-2000", "2000-2001")
    }


def test_one_misspelt_token_still_shares_a_pair_key():
    a = PersonFacts("Lê Thị Quỳnh Như", birth_year=2003)
    b = PersonFacts("Le Thi Kuinh Nhu", birth_year=2003)
    c = PersonFacts("Le Thi Quynh Nhung", birth_year=2003)
    assert {k for k in blocking_keys(a) & blocking_keys(b) if k.startswith("pairyb:")}
    assert {k for k in blocking_keys(a) & blocking_keys(c) if k.startswith("pairyb:")}


@pytest.mark.parametrize(
    ("on_file", "written"),
    [
        ("Lê Đức Sơn", "le sno"),  # two neighbours swapped, the middle name dropped
        ("Nguyễn Xuân Cường", "nguye cuong"),  # a letter left out of the family name
        ("Nguyễn Thị Hằng", "nguyễn hng"),  # ... out of the given name
        ("Nguyễn Văn Tuấn", "nguycn tuan"),  # a letter changed
        ("Trần Văn Nghĩa", "trần ngĩha"),
        ("Hoàng Văn Long", "LONG HONG"),  # given name first
    ],
)
def test_a_typo_beside_a_dropped_middle_name_still_shares_a_key(on_file, written):
    home = PersonFacts(on_file, birth_date=dt.date(1990, 6, 2))
    for year in (1989, 1990, 1991):
        note = PersonFacts(written, birth_year=year)
        shared = blocking_keys(home) & search_keys(note)
        assert shared, year
        assert {k.partition(":")[0] for k in shared} == {"tdel"}
    # Two years off, nothing: the year-bucketed keys stop there too.
    assert not blocking_keys(home) & search_keys(PersonFacts(written, birth_year=1988))


def test_typo_keys_are_the_ends_of_a_name_with_one_letter_left_out():
    # A token of two letters loses none.
    assert typo_keys(("le", "duc", "son")) == {"le son", "le on", "le sn", "le so"}
    # "le sno" meets it on the cuts of its given name.
    assert typo_keys(("le", "sno")) & typo_keys(("le", "duc", "son")) == {"le sn", "le so"}
    # Two common ends too: a given name that is also a family name ("Trần Hải Dương").
    assert "duong tran" in typo_keys(("tran", "duong"))
    assert typo_keys(("tran", "duong")) == typo_keys(("tran", "hai", "duong"))
    assert typo_keys(("an",)) == set()
    # A person stores them for the year of birth only; without a year, none.
    stored = blocking_keys(PersonFacts("Lê Đức Sơn", birth_year=1990))
    assert {k for k in stored if k.startswith("tdel:")} == {
        f"tdel:{pair}:1990" for pair in typo_keys(("le", "duc", "son"))
    }
    assert not any(k.startswith("tdel:") for k in blocking_keys(PersonFacts("Lê Đức Sơn")))


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
    assert match.level in {MatchLevel.POSSIBLE, MatchLevel.LIKELY}
    assert "dob_within_one_year" in match.codes
    assert "name_equal" in match.codes


def test_same_name_and_birth_date_is_likely():
    a = PersonFacts("Hà Thị Mỷ", birth_date=dt.date(2001, 1, 9))
    b = PersonFacts("HA THI MY", birth_date=dt.date(2001, 1, 9))
    assert score(a, b).level is MatchLevel.LIKELY


def test_identity_number_equal_is_decisive_even_with_a_misspelt_name():
    a = PersonFacts("Phạm Thị Quỳnh", documents=(IdentityDocument("cccd", "038199001234"),))
    b = PersonFacts("Fam Thi Kuynh", documents=(IdentityDocument("cccd", "038-199-001234"),))
    match = score(a, b)
    assert match.level is MatchLevel.LIKELY
    assert "identity_number_equal" in match.codes
    assert match.weight > score(a, PersonFacts("Fam Thi Kuynh")).weight


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


def test_a_different_sex_counts_against():
    a = PersonFacts("Nguyễn Minh Anh", birth_date=dt.date(2002, 3, 3), sex="female")
    same = PersonFacts("NGUYEN MINH ANH", birth_date=dt.date(2002, 3, 3), sex="female")
    other = PersonFacts("NGUYEN MINH ANH", birth_date=dt.date(2002, 3, 3), sex="male")
    assert score(a, other).weight < score(a, same).weight - 5
    assert "sex_differs" in score(a, other).codes


def test_day_and_month_swapped_is_nearly_as_good_as_equal():
    home = PersonFacts("Trần Thị Lan", birth_date=dt.date(1999, 5, 2), sex="female")
    swapped = PersonFacts("LAN THI TRAN", birth_date=dt.date(1999, 2, 5), sex="female")
    other_day = PersonFacts("LAN THI TRAN", birth_date=dt.date(1999, 8, 17), sex="female")
    assert "dob_day_month_swapped" in score(home, swapped).codes
    assert score(home, swapped).weight > score(home, other_day).weight + 5
    assert blocking_keys(home) & {k for k in blocking_keys(swapped) if k.startswith("dobtok:")}


def test_a_common_name_counts_for_less_than_a_rare_one():
    a = PersonFacts("Nguyễn Thị Hương", birth_year=1990, sex="female")
    b = PersonFacts("NGUYEN THI HUONG", birth_year=1990, sex="female")
    common = score(a, b, frequency=lambda name: 0.004)
    rare = score(a, b, frequency=lambda name: 0.000002)
    assert rare.weight - common.weight == pytest.approx(11, abs=0.1)  # log2(0.004 / 2e-6)
    assert rare.level is MatchLevel.LIKELY


def test_a_typo_in_the_only_rare_token_still_meets_by_date():
    home = PersonFacts("Nguyễn Văn Thắng", birth_date=dt.date(1995, 7, 21))
    note = PersonFacts("nguyen van thnag", birth_date=dt.date(1995, 7, 21))
    assert blocking_keys(home) & blocking_keys(note)


def test_estimate_recovers_the_model_that_made_the_pairs():
    """EM on pairs drawn from a known model gives back its m (within sampling error)."""
    import random

    from ctip.cases.engine.duplicates import COMPARISONS, MODEL, estimate

    rng = random.Random(3)

    def draw(probabilities):
        return rng.choices(range(len(probabilities)), weights=probabilities)[0]

    def pair(match):
        source = MODEL.m if match else MODEL.u
        return tuple(draw(levels) for levels in source)

    random_pairs = [pair(False) for _ in range(50_000)]
    by_date = [pair(rng.random() < 0.3) for _ in range(20_000)]
    by_name = [pair(rng.random() < 0.3) for _ in range(20_000)]
    model = estimate(
        [(by_date, frozenset({"birth", "sex"})), (by_name, frozenset({"name", "sex"}))],
        random_pairs,
        [pair(rng.random() < 0.1) for _ in range(20_000)],
        newcomers=4_000,
        population=10_000,
    )
    # 2,000 of the 20,000 candidate pairs of 4,000 newcomers are matches: half return.
    assert model.prior == pytest.approx(0.5, abs=0.1)
    assert model.population == 10_000
    for c, comparison in enumerate(COMPARISONS):
        if comparison.name == "sex":
            continue
        for level, expected in enumerate(MODEL.m[c]):
            assert model.m[c][level] == pytest.approx(expected, abs=0.03), comparison.name


def test_estimate_from_links_counts_m_on_the_linked_pairs():
    """Known links give m directly: each level's share of the linked pairs that compare
    that field (a missing side counts for none), smoothed by half a pair per level."""
    from ctip.cases.engine.duplicates import COMPARISONS, NULL, estimate_from_links

    name_equal = len(COMPARISONS[0].levels) - 1
    linked = [(name_equal, 5, 1, NULL, NULL, NULL)] * 30 + [(3, 2, 1, NULL, 1, NULL)] * 10
    random_pairs = [(0, 0, 0, 0, 0, 0), (1, 1, 1, 1, 1, 1)] * 100
    model = estimate_from_links(linked, random_pairs, returning=0.4, population=5_000)
    names = len(COMPARISONS[0].levels)
    assert model.m[0][name_equal] == pytest.approx(30.5 / (40 + 0.5 * names))
    assert model.m[0][3] == pytest.approx(10.5 / (40 + 0.5 * names))
    # Phone compared on 10 linked pairs only, always equal.
    assert model.m[4] == pytest.approx((0.5 / 11, 10.5 / 11))
    assert model.u[2] == pytest.approx((101 / 202, 101 / 202))
    assert (model.prior, model.population) == (0.4, 5_000)
    # No link compares identity numbers: they keep where EM would start.
    assert model.weights()[3][1] > 0
    with pytest.raises(ValueError, match="No linked pairs"):
        estimate_from_links([], random_pairs, returning=0.4, population=5_000)


def test_a_dropped_middle_name_is_its_own_level_weighed_by_the_pair_left():
    home = PersonFacts("Trần Văn Tùng", birth_year=1980, sex="male")
    note = PersonFacts("tran tung", birth_year=1980, sex="male")
    common = score(home, note, frequency=lambda key: 0.01 if key == "pair:tran tung" else None)
    rare = score(home, note, frequency=lambda key: 0.0001 if key == "pair:tran tung" else None)
    assert "name_token_dropped" in common.codes
    assert rare.weight - common.weight == pytest.approx(math.log2(100), abs=0.01)
    assert "pair:tran tung" in name_keys(note)


def test_a_dropped_middle_name_with_a_typo_is_close_not_different():
    home = PersonFacts("Phan Công Khánh", birth_date=dt.date(1979, 7, 8))
    note = PersonFacts("phan khán", birth_date=dt.date(1979, 7, 8))
    assert "name_close" in score(home, note).codes
    # Only the common family name left is not evidence of a dropped token.
    shared_common = score(PersonFacts("Phan Văn Khánh"), PersonFacts("phan van"))
    assert "name_token_dropped" not in shared_common.codes


@pytest.mark.parametrize(
    ("on_file", "written"),
    [
        ("Vũ Thị Anh", "vu thi ah"),  # a letter left out
        ("Nguyễn Thị Anh", "nguyen thi auh"),  # a letter changed
        ("Trần Thị Dịu", "tran tti diu"),  # in the middle name
        ("Lê Văn Hùng", "le van hugn"),  # two neighbours swapped
        ("Huỳnh Thanh Đức", "huynh dc"),  # with the middle name dropped
        ("Nguyễn Mỹ Linh", "nguyen ling"),  # no Vietnamese syllable ends in "-ing"
        ("Nguyễn Đình Hùng", "nguyen dinh hunh"),  # nor in "-unh"
        ("Nguyễn Mỹ Linh", "NGUYEN LINTH"),  # a letter added, a token dropped
        # A letter left out of a common family or middle name leaves a syllable.
        ("Trần Văn Anh", "trần vă anh"),
        ("Phan Ngọc Anh", "pan ngoc anh"),
        ("Đặng Thị Uyên", "dang ti uyen"),
        ("Hoàng Xuân Long", "hong xuan long"),
        # Vowels no Vietnamese syllable holds: "ouo", "aia", "ou".
        ("Đặng Phúc Phương", "dang pouong"),
        ("Lê Đức Nghĩa", "lê ngaĩa"),
        ("Nguyễn Tấn Sơn", "nguyen sou"),
    ],
)
def test_one_mistyped_letter_is_the_typo_level(on_file, written):
    home = PersonFacts(on_file, birth_year=1990)
    note = PersonFacts(written, birth_year=1990)
    assert "name_typo" in score(home, note).codes
    assert "name_typo" in score(note, home).codes


@pytest.mark.parametrize(
    ("on_file", "written"),
    [
        # Distinct names a letter apart: both are Vietnamese syllables.
        ("Nguyễn Thị Lan", "Nguyễn Thị Loan"),
        ("Trần Thị Hà", "tran thi hoa"),
        ("Nguyễn Thị Anh", "nguyen tho anh"),
        ("Nguyễn Văn Minh", "nguyen van manh"),
        # Two common family names a letter apart are two families.
        ("Phan Văn Tùng", "Phạm Văn Tùng"),
        ("Nguyễn Thị Lan", "Nguyễn Thu Lan"),
        # Only common names left once the given name is dropped.
        ("Nguyễn Thị Anh", "nguyen thj"),
        # Two letters wrong, or one token wrong and another missing from the other name.
        ("Vũ Thị Anh", "vu thi hx"),
        ("Vũ Thị Anh", "vu thj ah"),
        # One token only.
        ("Anh", "ah"),
    ],
)
def test_what_is_not_one_mistyped_letter(on_file, written):
    assert "name_typo" not in score(PersonFacts(on_file), PersonFacts(written)).codes


def test_the_typo_level_weighs_more_than_a_partial_name():
    home = PersonFacts("Vũ Thị Anh", birth_year=1990, sex="female")
    typo = score(home, PersonFacts("vu thi ah", birth_year=1990, sex="female"))
    other = score(home, PersonFacts("vu thi hx", birth_year=1990, sex="female"))
    assert typo.weight > other.weight + 3


def test_a_phonetic_name_is_weighed_by_how_common_its_phonetic_form_is():
    home = PersonFacts("Nguyễn Thị Phương", birth_year=1989, sex="female")
    police = PersonFacts("FUONG THI NGUEN", birth_year=1989, sex="female")
    key = f"phon:{phonetic_key(police.full_name)}"
    assert key in name_keys(police)
    common = score(home, police, frequency=lambda k: 0.01 if k == key else None)
    rare = score(home, police, frequency=lambda k: 0.0001 if k == key else None)
    assert "name_phonetic" in common.codes
    assert rare.weight - common.weight == pytest.approx(math.log2(100), abs=0.01)


def _match(weight: float) -> Match:
    return Match(0.0, MatchLevel.UNLIKELY, (), weight)


def _persons(n: int) -> list[PersonFacts]:
    return [PersonFacts("Nguyễn Thị Linh", birth_date=dt.date(1980 + i, 1, 1)) for i in range(n)]


def test_candidates_are_scored_knowing_the_newcomer_is_at_most_one_of_them():
    alone = exclusive([_match(-2.0)], _persons(1))
    # A lone match is unchanged.
    assert alone[0].weight == -2.0
    assert alone[0].score == 0.0
    # Two equal namesakes share what one would have: odds 1/4 each against "none" 1.
    pair = exclusive([_match(-2.0), _match(-2.0)], _persons(2))
    assert [m.score for m in pair] == [pytest.approx(1 / 6, abs=1e-4)] * 2
    # Beside a candidate that shares the date and the phone, a namesake is unlikely.
    strong, namesake = exclusive([_match(20.0), _match(-1.0)], _persons(2))
    assert strong.level is MatchLevel.LIKELY
    assert namesake.level is MatchLevel.UNLIKELY
    assert namesake.score < POSSIBLE
    weights = [3.0, 1.0, 0.0, -4.0, 1200.0, -1500.0]
    many = exclusive([_match(w) for w in weights], _persons(6))
    assert sum(m.score for m in many) <= 1.0001
    assert [m.weight for m in many] == weights


def test_totals_without_reasons_give_the_matches_of_the_scores_with_them():
    newcomer = PersonFacts("LO THI MAI", birth_year=1995, sex="female")
    candidates = [
        PersonFacts("Lò Thị Mai", birth_date=dt.date(1995, 4, 2), sex="female",
                    phones=("0912345678",)),
        PersonFacts("Lo Thi Mai", birth_date=dt.date(1995, 4, 2), sex="female",
                    phones=("0912 345 678",)),
        PersonFacts("Lò Thị Mai", birth_date=dt.date(1996, 1, 1), sex="female"),
        PersonFacts("Lò Văn Mai", birth_date=dt.date(1995, 4, 2), sex="male"),
        PersonFacts("Hà Thị Mai", birth_date=dt.date(1980, 4, 2), sex="female"),
    ]  # fmt: skip
    for population in (100, 1_000_000):
        scored = [score(newcomer, c, population=population) for c in candidates]
        totals = [pair_total(newcomer, c, population=population) for c in candidates]
        assert [round(t, 3) for t in totals] == [m.weight for m in scored]
        expected = [
            m if m.level is not MatchLevel.UNLIKELY else None for m in exclusive(scored, candidates)
        ]
        assert exclusive_totals(newcomer, candidates, totals, population=population) == expected
        assert any(expected)
        assert None in expected
        # The records compared with one another: the ones shown, pair by pair.
        assert rivals(totals) == sorted(
            (j for j, m in enumerate(scored) if m.level is not MatchLevel.UNLIKELY),
            key=lambda j: -scored[j].weight,
        )
    one = candidates[:1]
    alone = [pair_total(newcomer, c) for c in one]
    assert exclusive_totals(newcomer, one, alone) == exclusive([score(newcomer, one[0])], one)
    assert rivals(alone) == []


def test_two_records_of_one_person_are_not_rivals():
    index = PersonIndex()
    one = PersonFacts("Lò Thị Mai", birth_date=dt.date(1995, 4, 2), sex="female",
                      phones=("0912345678",))  # fmt: skip
    index.add("agency-a", one)
    index.add("agency-b", PersonFacts("LO THI MAI", birth_date=dt.date(1995, 4, 2),
                                      sex="female", phones=("0912 345 678",)))  # fmt: skip
    # A namesake born the same year with another phone: shown when alone, not beside the
    # two records of the person. (With the year alone and nothing against it, a record of
    # this name is more likely the person than a namesake, and is shown.)
    namesake = PersonFacts("Lò Thị Mai", birth_year=1995, sex="female", phones=("0987654321",))
    index.add("namesake", namesake)
    shown = dict(index.search(one))
    assert shown["agency-a"].level is MatchLevel.LIKELY
    assert shown["agency-b"].level is MatchLevel.LIKELY
    assert "namesake" not in shown
    alone = PersonIndex()
    alone.add("namesake", namesake)
    assert "namesake" in dict(alone.search(one))


def test_the_index_finds_a_typo_beside_a_dropped_middle_name():
    index = PersonIndex()
    index.add("true", PersonFacts("Lê Đức Sơn", birth_date=dt.date(1990, 6, 2), sex="male"))
    index.add("other", PersonFacts("Lê Đức Sang", birth_date=dt.date(1990, 6, 2), sex="male"))
    for i in range(30):
        index.add(f"other{i}", PersonFacts(f"Lò Văn Páo {i}", birth_year=1960 + i % 30))
    shown = index.search(PersonFacts("le sno", birth_year=1991, sex="male"))
    assert [ident for ident, _ in shown][:1] == ["true"]
    assert "name_typo" in shown[0][1].codes


def test_the_index_hides_a_namesake_once_the_true_record_is_found():
    index = PersonIndex()
    index.add("true", PersonFacts("Nguyễn Thị Hương", birth_date=dt.date(1990, 3, 4),
                                  sex="female", phones=("0912345678",)))  # fmt: skip
    index.add("namesake", PersonFacts("Nguyễn Thị Hương", birth_date=dt.date(1990, 11, 20),
                                      sex="female"))  # fmt: skip
    for i in range(50):
        index.add(f"other{i}", PersonFacts(f"Lò Văn Páo {i}", birth_year=1960 + i % 30))
    returning = PersonFacts("HUONG THI NGUYEN", birth_year=1990, sex="female",
                            phones=("0912 345 678",))  # fmt: skip
    assert [ident for ident, _ in index.search(returning)] == ["true"]
    newcomer = PersonFacts("HUONG THI NGUYEN", birth_year=1990, sex="female")
    assert {ident for ident, _ in index.search(newcomer)} == {"true", "namesake"}


def test_the_index_weighs_the_same_candidates_on_every_run():
    """More persons share a newcomer's keys than are weighed: those kept share the most,
    the last added first among equals (the database's order, the highest id first), and
    not in whatever order one run's hashing of strings gives."""
    index = PersonIndex()
    born = dt.date(1990, 3, 4)
    phone = ("0912345678",)
    index.add("phone", PersonFacts("Nguyễn Thị Hương", birth_date=born, sex="female",
                                   phones=phone))  # fmt: skip
    namesakes = MAX_CANDIDATES + 50
    for i in range(namesakes):
        index.add(f"namesake{i}", PersonFacts("Nguyễn Thị Hương", birth_date=born, sex="female"))
    newcomer = PersonFacts("NGUYEN THI HUONG", birth_date=born, sex="female", phones=phone)
    assert index.candidates(newcomer) == [0, *range(namesakes, namesakes - MAX_CANDIDATES + 1, -1)]


@pytest.mark.parametrize(
    ("on_file", "written"),
    [
        ("Nguyễn Minh Hoàng", "HOANG NGUYEN"),
        ("Trần Hải Dương", "tran duong"),
        ("Đặng Thạch Bích Lệ", "LE DANG"),
        ("Nguyễn Văn Nguyên", "nguyen nguyen"),
    ],
)
def test_a_family_name_and_a_given_name_that_is_one_too_are_a_level_of_their_own(on_file, written):
    born = dt.date(1989, 7, 15)
    home = PersonFacts(on_file, birth_date=born, sex="male")
    note = PersonFacts(written, birth_date=born, sex="male")
    match = score(home, note)
    assert "name_common_kept" in match.codes
    # With the same date of birth, worth the officer's look; with a year only, not.
    assert match.level is not MatchLevel.UNLIKELY
    assert score(PersonFacts(on_file, birth_year=1989), PersonFacts(written)).level is (
        MatchLevel.UNLIKELY
    )


def test_common_names_kept_must_be_the_two_ends_of_the_other_name():
    # "Phan Văn" is the family and the middle name: any Phan Văn is one.
    assert (
        "name_common_kept"
        not in score(PersonFacts("Phan Văn Khánh"), PersonFacts("phan van")).codes
    )
    # A rare given name dropped to its ends is the dropped-token level, not this one.
    assert (
        "name_token_dropped" in score(PersonFacts("Trần Văn Tùng"), PersonFacts("tran tung")).codes
    )


def _with_number(number: str, kind: str = "cccd") -> PersonFacts:
    return PersonFacts(
        "Lò Thị Mai",
        birth_date=dt.date(1995, 4, 2),
        sex="female",
        documents=(IdentityDocument(kind, number),),
    )


def test_two_personal_identification_numbers_are_two_persons():
    home = _with_number("038195001234")
    # Everything else agrees, but a personal number is given once for life.
    other = score(home, _with_number("040195777001"))
    assert other.level is MatchLevel.UNLIKELY
    assert other.score == 0.0
    # One digit changed, or two neighbours swapped: a typing error, weighed as one.
    for typed in ("038195001235", "038195002134"):
        assert score(home, _with_number(typed)).level is MatchLevel.LIKELY
    # Passports are renewed under new numbers: two of them are only evidence against.
    renewed = score(_with_number("C1234567", "passport"), _with_number("N7654321", "passport"))
    assert renewed.level is MatchLevel.LIKELY
    assert "identity_number_differs" in renewed.codes
