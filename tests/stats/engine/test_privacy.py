import pytest

from ctip.stats.engine.privacy import BudgetExceeded, check_budget, release_levels


def test_noisy_counts_are_whole_non_negative_and_carry_their_accuracy():
    levels = release_levels([[100, 3, 0], [103], [103]], epsilon=0.9)
    assert [len(level.values) for level in levels] == [3, 1, 1]
    assert all(v >= 0 and isinstance(v, int) for level in levels for v in level.values)
    # Three levels share the epsilon: scale 1 / 0.3.
    assert levels[0].scale == pytest.approx(1 / 0.3)
    assert 5 < levels[0].accuracy < 20


def test_more_privacy_less_accuracy():
    loose = release_levels([[10]], epsilon=2.0)[0].accuracy
    tight = release_levels([[10]], epsilon=0.1)[0].accuracy
    assert tight > loose


def test_a_release_that_would_exceed_the_budget_is_refused():
    check_budget(1.0, [0.3, 0.3], 0.4)
    with pytest.raises(BudgetExceeded):
        check_budget(1.0, [0.3, 0.3], 0.5)
    with pytest.raises(BudgetExceeded):
        check_budget(1.0, [], 0)
