"""An app reaches another only through what it offers others: its writes (`actions`), its
reads (`selectors`), its figures, its pure engine and its ports (the import-linter `layers`
contract in pyproject.toml says which app may import which)."""

from __future__ import annotations

import grimp
import pytest

OFFERED = {"actions", "selectors", "figures", "engine", "ports", "events"}
PLATFORM = {"core", "config", "cli", "__main__"}


def crossings() -> list[str]:
    graph = grimp.build_graph("ctip")
    wrong = []
    for importer in sorted(graph.modules):
        parts = importer.split(".")
        if len(parts) < 2 or parts[1] in PLATFORM:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            target = imported.split(".")
            if len(target) < 3 or target[1] in PLATFORM or target[1] == parts[1]:
                continue
            if target[2] not in OFFERED:
                wrong.append(f"{importer} imports {imported}")
    return wrong


def test_apps_reach_each_other_only_through_what_they_offer() -> None:
    assert crossings() == []


def test_the_check_sees_a_crossing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The check itself can fail: cases reads intel's engine, which it could not were
    # engines not offered.
    monkeypatch.setattr("tests.core.test_layers.OFFERED", OFFERED - {"engine"})
    assert any("ctip.intel.engine" in line for line in crossings())
