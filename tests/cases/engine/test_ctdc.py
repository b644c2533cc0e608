from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctip.cases.engine.ctdc import (
    COLUMNS,
    QUASI_IDENTIFIERS,
    Exploitation,
    ExportCase,
    MeansOfControl,
    RecruiterRelation,
    age_broad,
    anonymise,
    means_from_screening,
    to_ctdc_row,
    traffick_months,
)

QI = [h.column for h in QUASI_IDENTIFIERS]


def test_row_uses_ctdc_fields_and_formats():
    row = to_ctdc_row(
        ExportCase(
            year_of_registration=2025,
            sex="female",
            age=19,
            citizenship="vn",
            country_of_exploitation="KH",
            months_trafficked=7,
            exploitation=frozenset({Exploitation.FORCED_CRIMINALITY}),
            means_of_control=frozenset({MeansOfControl.ABUSE, MeansOfControl.WITHHOLD_DOCUMENTS}),
            recruiter_relations=frozenset({RecruiterRelation.FRIEND}),
        )
    )
    assert tuple(row) == COLUMNS
    assert row["yearOfRegistration"] == "2025"
    assert row["gender"] == "Woman"
    assert row["ageBroad"] == "18--20"
    assert row["majorityStatus"] == "Adult"
    assert row["citizenship"] == "VN"
    assert row["CountryOfExploitation"] == "KH"
    assert row["traffickMonths"] == "0--12 (0-1 yr)"
    assert row["isForcedLabour"] == row["typeOfLabourIllicitActivities"] == "1"
    assert row["isSexualExploit"] == ""
    assert row["meansAbusePsyPhySex"] == row["meansWithholdDocs"] == "1"
    assert row["meansThreats"] == ""
    assert row["recruiterRelationFriend"] == "1"
    assert row["isAbduction"] == ""


def test_unknowns_stay_empty():
    row = to_ctdc_row(ExportCase())
    assert set(row.values()) == {""}


@pytest.mark.parametrize(
    ("age", "bucket"),
    [
        (0, "0--8"),
        (8, "0--8"),
        (9, "9--17"),
        (17, "9--17"),
        (18, "18--20"),
        (47, "39--47"),
        (48, "48+"),
        (95, "48+"),
        (None, ""),
    ],
)
def test_age_buckets(age, bucket):
    assert age_broad(age) == bucket


def test_bad_values():
    with pytest.raises(ValueError, match="negative age"):
        age_broad(-1)
    with pytest.raises(ValueError, match="negative duration"):
        traffick_months(-3)
    with pytest.raises(ValueError, match="sex"):
        to_ctdc_row(ExportCase(sex="m"))
    with pytest.raises(ValueError, match="k must"):
        anonymise([], k=0)


def test_traffick_months():
    assert traffick_months(12) == "0--12 (0-1 yr)"
    assert traffick_months(13) == "13--24 (1-2 yrs)"
    assert traffick_months(40) == "25+ (2+ yrs)"


def test_means_from_screening():
    assert means_from_screening(["e_threats", "x_exit_mode", "e_growing_debt"]) == {
        MeansOfControl.THREATS,
        MeansOfControl.DEBT_BONDAGE_EARNINGS,
    }


def _case(sex, age, year, country):
    return to_ctdc_row(
        ExportCase(
            year_of_registration=year,
            sex=sex,
            age=age,
            citizenship="VN",
            country_of_exploitation=country,
            exploitation=frozenset({Exploitation.FORCED_CRIMINALITY}),
        )
    )


def test_large_homogeneous_groups_are_published_unchanged():
    rows = [_case("male", 22, 2025, "KH")] * 30 + [_case("female", 19, 2025, "MM")] * 12
    published, report = anonymise(rows)
    assert published == rows
    assert report.suppressed == 0
    assert set(report.levels.values()) == {0}
    assert report.generalised["ageBroad"] == "as recorded"


def test_small_groups_are_generalised_then_suppressed():
    rows = (
        [_case("male", 22, 2025, "KH")] * 12
        + [_case("male", 24, 2025, "KH")] * 6
        + [_case("male", 27, 2025, "KH")] * 6
        + [_case("female", 60, 2024, "LA")]
    )
    published, report = anonymise(rows)
    assert report.levels["ageBroad"] == 1
    assert {r["ageBroad"] for r in published} == {"18--29"}
    assert report.suppressed == 1
    assert report.published == 24
    assert "LA" not in {r["CountryOfExploitation"] for r in published}


def test_fewer_than_k_records_publish_nothing():
    published, report = anonymise([_case("male", 22, 2025, "KH")] * 10)
    assert published == []
    assert report.suppressed == 10


rows_strategy = st.lists(
    st.builds(
        _case,
        st.sampled_from(["male", "female", "other", None]),
        st.one_of(st.none(), st.integers(0, 90)),
        st.sampled_from([2023, 2024, 2025]),
        st.sampled_from(["KH", "MM", "LA", "PH", "TH", None]),
    ),
    max_size=300,
)


@settings(max_examples=60, deadline=None)
@given(rows_strategy, st.integers(2, 15))
def test_output_is_k_anonymous_for_random_inputs(rows, k):
    published, report = anonymise(rows, k=k)
    counts = Counter(tuple(r[c] for c in QI) for r in published)
    assert all(c >= k for c in counts.values())
    assert report.published == len(published)
    assert report.suppressed + report.published == len(rows)
    non_qi = [c for c in COLUMNS if c not in QI]
    originals = Counter(tuple(r[c] for c in non_qi) for r in rows)
    for row in published:
        assert originals[tuple(row[c] for c in non_qi)] > 0
