"""The duplicate-person benchmark's ceiling: what showing every candidate could reach."""

import importlib.util
from pathlib import Path

import pytest

from tests.cases.person_records import Dataset, Record

BENCH = Path(__file__).resolve().parents[3] / "bench/cases/person_match.py"


@pytest.fixture(scope="module")
def person_match():
    spec = importlib.util.spec_from_file_location("person_match_bench", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _namesakes(count: int) -> list[Record]:
    # The same name, sex and province, each born on another day of another year.
    return [
        Record(f"F{i}", f"p{i}", "Nguyễn Thị Anh", "F", f"{1980 + i}-03-{10 + i:02d}")
        for i in range(count)
    ]


def test_a_record_tied_with_five_others_is_found_five_times_in_six(person_match):
    on_file = _namesakes(6)
    # No date: the intake matches all six on the very same evidence.
    new = [Record("N0", "p0", "NGUYEN THI ANH", "F", style="handover")]
    data = Dataset(on_file, new, {"N0": "F0"}, {"N0": {f"F{i}" for i in range(1, 6)}})
    index, _ = person_match.build(data)

    ceiling = person_match.ceiling(data, index)

    assert ceiling["ceiling: true record among the first five, all candidates shown"] == (
        pytest.approx(5 / 6)
    )
    assert ceiling["ceiling: true record not among the candidates"] == 0


def test_a_record_with_its_own_date_is_always_found_and_one_never_met_never(person_match):
    on_file = [*_namesakes(6), Record("F9", "p9", "Lò Văn Pao", "M", "1990-01-02")]
    new = [
        Record("N0", "p2", "NGUYEN THI ANH", "F", "1982-03-12", style="handover"),
        # Written so that it shares no key with its record.
        Record("N1", "p9", "Somchai", "M", style="police"),
    ]
    data = Dataset(on_file, new, {"N0": "F2", "N1": "F9"}, {})
    index, _ = person_match.build(data)

    ceiling = person_match.ceiling(data, index)

    assert ceiling["ceiling: true record among the first five, all candidates shown"] == 0.5
    assert ceiling["ceiling: true record not among the candidates"] == 0.5
