"""The compound register: recorded once, found by any name, scoped, with a status history
and a page that lists what higher apps link to it through the port."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from ctip.compounds import actions, ports, selectors
from ctip.compounds.models import Compound
from ctip.core.models import AuditEvent
from tests.compounds.factories import make_compound

pytestmark = pytest.mark.django_db


def test_a_compound_is_found_by_any_alias_without_accents(world: Any) -> None:
    investigator = world.users["investigator"]
    found = make_compound(
        investigator, "Khu Kim Sắc", country="Campuchia", aliases=("Golden Fortune",)
    )
    assert found.country == "KH"
    for q in ("kim sac", "KHU KIM", "golden fortune"):
        assert [r.id for r in selectors.compound_list(investigator, q=q)] == [found.pk]
    assert selectors.compound_list(investigator, q="shwe kokko") == []


def test_operator_aliases_and_sources_are_not_stored_in_clear(world: Any) -> None:
    make_compound(world.users["investigator"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT operator_aliases, sources FROM compounds_compound")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert "Boss Wang" not in stored
    assert "Partner message" not in stored


def test_another_agency_neither_reads_nor_edits_until_opened_to_it(world: Any) -> None:
    found = make_compound(world.users["investigator"])
    stranger = world.other_users["investigator"]
    assert selectors.compound_list(stranger) == []
    with pytest.raises(Http404):
        selectors.compound_page(stranger, found.pk)
    with pytest.raises(PermissionDenied):
        actions.compound_set_status(
            actor=stranger,
            compound=found,
            data=actions.StatusInput(status="raided", on=dt.date(2025, 10, 20)),
        )
    actions.compound_open_to(
        actor=world.users["investigator"],
        compound=found,
        data=actions.AccessInput(agency_id=world.other.pk),
    )
    page = selectors.compound_page(stranger, found.pk)
    assert page.name == "KK Park"
    assert not page.editable
    # The national agency above reads what its units recorded.
    assert selectors.compound_list(world.users["investigator"]) != []


def test_a_case_worker_reads_but_does_not_record(world: Any) -> None:
    make_compound(world.users["analyst"])
    assert len(selectors.compound_list(world.users["case_worker"])) == 1
    with pytest.raises(PermissionDenied):
        make_compound(world.users["case_worker"], "Other")
    with pytest.raises(PermissionDenied):
        selectors.compound_list(world.users["liaison"])


def test_status_changes_keep_their_history_and_refuse_a_repeat(world: Any) -> None:
    investigator = world.users["investigator"]
    found = make_compound(investigator)
    raid = actions.StatusInput(status="raided", on=dt.date(2025, 10, 20), note="Joint raid")
    actions.compound_set_status(actor=investigator, compound=found, data=raid)
    with pytest.raises(ValidationError):
        actions.compound_set_status(actor=investigator, compound=found, data=raid)
    page = selectors.compound_page(investigator, found.pk)
    assert page.status == "raided"
    assert page.status_since == dt.date(2025, 10, 20)
    assert [(h.old_status, h.new_status, h.note) for h in page.history] == [
        ("active", "raided", "Joint raid")
    ]
    assert AuditEvent.objects.filter(event_type="COMPOUND_STATUS_CHANGED").count() == 1


def test_bad_input_is_refused_and_nothing_written(world: Any) -> None:
    investigator = world.users["investigator"]
    with pytest.raises(ValidationError) as error:
        actions.compound_record(
            actor=investigator,
            data=actions.CompoundInput(name=" ", country="Atlantis", latitude=None),
        )
    assert {"name", "country"} <= set(error.value.message_dict)
    assert not Compound.objects.exists()


def test_a_stale_edit_is_refused(world: Any) -> None:
    investigator = world.users["investigator"]
    found = make_compound(investigator)
    data = actions.CompoundInput(name="KK Park 2", country="MM")
    actions.compound_change(actor=investigator, compound=found, data=data, version=1)
    with pytest.raises(ValidationError):
        actions.compound_change(actor=investigator, compound=found, data=data, version=1)


def test_the_page_lists_what_registered_providers_link(world: Any, client_for: Any) -> None:
    investigator = world.users["investigator"]
    found = make_compound(investigator)

    class Handovers:
        def linked(self, actor: Any, compound_id: int) -> ports.LinkGroup | None:
            if compound_id != found.pk:
                return None
            return ports.LinkGroup("Handovers", 1, (ports.LinkedItem("HO-1", "/x/"),))

    ports.register_links("test", Handovers())
    try:
        page = client_for(investigator).get(f"/compounds/{found.pk}/")
        assert page.status_code == 200
        assert b"HO-1" in page.content
    finally:
        ports._PROVIDERS.pop("test")


def test_pages_and_api_record_and_change(world: Any, client_for: Any) -> None:
    client = client_for(world.users["analyst"])
    answer = client.post(
        "/compounds/new/",
        {"name": "Shwe Kokko", "country": "Myanmar", "area": "Myawaddy", "aliases": "Yatai"},
    )
    assert answer.status_code == 302
    found = Compound.objects.get(name="Shwe Kokko")
    assert client.get("/compounds/?q=yatai").content.count(b"Shwe Kokko") >= 1
    api = client.post(
        f"/api/v1/compounds/{found.pk}/status",
        {"status": "closed", "on": "2025-11-01"},
        content_type="application/json",
    )
    assert api.status_code == 200
    assert api.json()["status"] == "closed"
    bad = client.post(
        "/api/v1/compounds", {"name": "X", "country": "Nowhere"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert bad["Content-Type"].startswith("application/problem+json")


def test_a_refused_form_comes_back_as_a_400_with_its_errors(world: Any, client_for: Any) -> None:
    client = client_for(world.users["analyst"])
    unreadable = client.post("/compounds/new/", {"name": "KK Park", "country": "Atlantis"})
    assert unreadable.status_code == 400
    assert unreadable.context["form"].errors["country"]
    empty = client.post("/compounds/new/", {})
    assert empty.status_code == 400
    assert empty.context["form"].errors["name"]
    assert not Compound.objects.exists()
    assert client.get("/compounds/new/").status_code == 200
