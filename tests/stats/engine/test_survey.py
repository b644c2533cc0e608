import numpy as np
import pytest

from ctip.stats.engine.survey import Response, SurveyError, difference, prevalence, read_csv


def sample(n=6000, rates=None, seed=7):
    rates = rates or {2024: 0.045, 2025: 0.018}
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        year = 2024 if i % 2 else 2025
        stratum = f"s{i % 5}"
        out.append(
            Response(
                year,
                stratum,
                f"{stratum}-{i % 60}",
                float(rng.uniform(50, 150)),
                int(rng.random() < rates[year]),
            )
        )
    return out


def test_prevalence_has_a_design_based_interval():
    estimates = {p.year: p for p in prevalence(sample())}
    p = estimates[2024]
    assert 0.03 < p.estimate < 0.06
    assert p.low < p.estimate < p.high
    assert p.respondents == 3000


def test_two_years_that_differ_are_told_apart():
    diff = difference(sample(), 2024, 2025)
    assert diff.estimate < 0
    assert diff.significant
    same = difference(sample(rates={2024: 0.02, 2025: 0.02}, seed=3), 2024, 2025)
    assert same.low < 0 < same.high


def test_a_survey_file_with_missing_weights_is_refused():
    good = b"year,stratum,psu,weight,victim\n2025,north,1,120.5,0\n2025,south,2,80,1\n"
    assert len(read_csv(good)) == 2
    with pytest.raises(SurveyError) as refused:
        read_csv(b"year,stratum,weight,victim\n2025,north,,0\n2025,north,0,1\n")
    assert [p[2] for p in refused.value.problems] == ["missing_weight", "missing_weight"]
    with pytest.raises(SurveyError):
        read_csv(b"year,stratum,victim\n2025,north,0\n")
