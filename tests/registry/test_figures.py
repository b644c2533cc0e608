"""What the statistics app reads: counts only."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from ctip.core.engine.periods import Period
from ctip.registry import actions, figures
from tests.registry.factories import make_board, make_enterprise, make_incident, make_worker

pytestmark = pytest.mark.django_db


def test_figures_count_enterprises_workers_and_incidents(world):
    officer = world.users["labour_officer"]
    saomai = make_enterprise(officer)
    make_enterprise(officer, licence_number="45/BNV-GP", name="Công ty CP Hòa Bình", tax_code="")
    actions.enterprise_set_status(
        actor=officer,
        data=actions.StatusInput(
            enterprise_id=saomai.pk,
            status="revoked",
            decision="456/QĐ-BNV",
            decided_on=dt.date(2025, 10, 20),
        ),
    )
    make_board(world)
    make_worker(world, departed_on=dt.date(2025, 1, 1))
    make_worker(world, full_name="Lê Văn Nam", destination="TW")
    returned = make_worker(world, full_name="Trần Văn Hùng")
    actions.worker_returned(actor=officer, worker_id=returned.pk, returned_on=dt.date(2025, 6, 1))
    incident = make_incident(world)
    actions.incident_close(actor=officer, incident_id=incident.pk, outcome="resolved")
    make_incident(world, kind="passport", signs=("debt",))

    enterprises = figures.enterprises()
    assert enterprises.by_status == {"active": 1, "suspended": 0, "revoked": 1}
    assert enterprises.revoked_in_period == 1
    today = Period(timezone.localdate(), timezone.localdate())
    workers = figures.figures("registry.workers_abroad", today, ("destination",))
    assert (workers.total, workers.as_dict()) == (2, {("JP",): 1, ("TW",): 1})
    before = Period(dt.date(2025, 3, 1), dt.date(2025, 3, 1))  # the returned one was abroad
    assert figures.figures("registry.workers_abroad", before, ("destination",)).total == 3
    found = figures.figures("registry.incidents", today, ("incident_kind",))
    assert found.as_dict() == {("passport",): 1, ("unpaid_wages",): 1}
    # Counts, never identities.
    for value in (enterprises, workers, found):
        assert "Nguyễn" not in repr(dataclasses.asdict(value))
