"""An engine's table of labels read by code, in the reader's language."""

from __future__ import annotations

from django.utils.translation import override

from ctip.cases.engine.duplicates import MATCH_LEVEL_LABELS
from ctip.core.labels import label_of


def test_a_code_reads_as_its_label_and_an_unknown_one_as_a_dash() -> None:
    with override("vi"):
        assert label_of(MATCH_LEVEL_LABELS, "likely") == "Nhiều khả năng là cùng một người"
        assert label_of(MATCH_LEVEL_LABELS, "none") == "—"
        assert label_of(MATCH_LEVEL_LABELS, "", missing="") == ""
    with override("en"):
        assert label_of(MATCH_LEVEL_LABELS, "possible") == "Possibly the same person: check"
