from datetime import date

import pytest

from ctip.core.engine.suppression import (
    PublishedTable,
    Status,
    TableIn,
    Unprotectable,
    protect,
    round_to,
    table_cells,
)

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def two_way(counts, rows=("a", "b", "c"), cols=("f", "m")):
    return TableIn(*YEAR, ("province", "sex"), (rows, cols), counts)


def test_cells_and_totals():
    t = two_way({("a", "f"): 2, ("b", "m"): 5})
    cells = dict(table_cells(t))
    assert cells[("a", None)] == 2
    assert cells[(None, "m")] == 5
    assert cells[(None, None)] == 7
    assert cells[("c", "f")] == 0


def test_small_cells_are_suppressed_and_totals_do_not_give_them_back():
    t = two_way(
        {
            ("a", "f"): 20,
            ("a", "m"): 3,
            ("b", "f"): 15,
            ("b", "m"): 25,
            ("c", "f"): 30,
            ("c", "m"): 12,
        }
    )
    result = protect(t)
    status = {c.categories: c.status for c in result.cells}
    assert status[("a", "m")] is Status.PRIMARY
    # Another cell of its row and of its column is hidden too.
    assert any(status[("a", s)] is Status.SECONDARY for s in ("f",))
    assert any(status[(p, "m")] is Status.SECONDARY for p in ("b", "c"))
    low, high = result.audit[("a", "m")]
    assert high - low >= 11
    assert result.shown()[("a", "m")] is None


def test_zero_is_published_and_large_cells_are_untouched():
    t = two_way({("a", "f"): 40, ("b", "f"): 50, ("c", "m"): 60})
    assert all(not c.suppressed for c in protect(t).cells)


def test_a_table_whose_total_is_small_hides_everything():
    t = TableIn(*YEAR, ("sex",), (("f", "m"),), {("f",): 4, ("m",): 3})
    shown = protect(t).shown()
    assert set(shown.values()) == {None}


def test_stricter_threshold_for_children():
    t = TableIn(*YEAR, ("under16",), (("yes", "no"),), {("yes",): 15, ("no",): 200})
    assert protect(t).shown()[("yes",)] == 15
    assert protect(t, threshold=20).shown()[("yes",)] is None


def test_rounding():
    assert [round_to(v, 5) for v in (0, 2, 3, 7, 8, 12, 13)] == [0, 0, 5, 5, 10, 10, 15]


def test_a_total_that_differs_from_an_earlier_one_by_a_few_is_hidden():
    year = protect(TableIn(*YEAR, (), (), {(): 14}))
    assert year.shown() == {(None,): 14} or year.shown() == {(): 14}
    earlier = [PublishedTable(*YEAR, (), year.cells)]
    eleven_months = TableIn(date(2025, 1, 1), date(2025, 11, 30), (), (), {(): 12})
    result = protect(eleven_months, earlier=earlier)
    assert [c.status for c in result.cells] == [Status.LINKED]


def test_too_many_combinations_are_refused():
    cats = tuple(str(i) for i in range(700))
    big = TableIn(*YEAR, ("a", "b"), (cats, cats), {("1", "1"): 3})
    with pytest.raises(Unprotectable):
        protect(big)
