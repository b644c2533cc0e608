"""The Board names the scam compound of an incident reported earlier: set, changed or
cleared through the narrow lookup of the register, audited, on the page and the API, within
the agency tree (the incident's agency and those above it, never a sibling)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ctip.core import actions as core_actions
from ctip.core.models import AuditEvent, Notification
from ctip.registry import actions
from ctip.registry.models import Incident
from tests.compounds.factories import make_compound
from tests.registry.factories import make_board, make_incident

pytestmark = pytest.mark.django_db

EVENT = "REGISTRY_INCIDENT_COMPOUND_SET"


@pytest.fixture
def earlier(world):
    """An incident reported without a compound, and two compounds of the register."""
    make_board(world)
    investigator = world.users["investigator"]
    make_compound(investigator, "Shwe Kokko", aliases=("Yatai",))
    make_compound(investigator, "KK Park", aliases=())
    incident = make_incident(world)
    assert incident.compound_id is None
    assert incident.trafficking_signs is False
    return incident


def _set(actor, incident, name):
    return actions.incident_set_compound(actor=actor, incident_id=incident.pk, compound_name=name)


def test_the_board_names_changes_and_clears_the_compound(world, earlier):
    board = world.users["board_officer"]
    named = _set(board, earlier, "yatai")
    assert named.compound.name == "Shwe Kokko"
    # Naming a compound of the register adds the strong sign, as for a new incident.
    assert "scam_compound" in named.signs
    assert named.trafficking_signs is True
    assert Notification.objects.filter(key=f"registry.incident:{earlier.pk}:case").exists()
    changed = _set(board, earlier, "KK Park")
    assert changed.compound.name == "KK Park"
    cleared = _set(board, earlier, "  ")
    assert cleared.compound_id is None
    # Clearing the link keeps the signs recorded: they are the account's, not the link's.
    assert "scam_compound" in cleared.signs
    events = AuditEvent.objects.filter(event_type=EVENT, target_id=str(earlier.pk))
    assert events.count() == 3
    assert "compound" in events.first().fields
    # Naming the compound it already names changes nothing and records nothing.
    _set(board, earlier, "")
    assert events.count() == 3


def test_a_vague_name_or_a_compound_out_of_scope_is_refused(world, earlier):
    make_compound(world.other_users["investigator"], "Golden Fortune", aliases=())
    board = world.users["board_officer"]
    for name in ("Golden Fortune", "Nowhere Park", "K"):
        with pytest.raises(ValidationError) as refused:
            _set(board, earlier, name)
        assert "compound_name" in refused.value.message_dict
    earlier.refresh_from_db()
    assert earlier.compound_id is None
    assert "scam_compound" not in earlier.signs
    assert not AuditEvent.objects.filter(event_type=EVENT).exists()


def test_the_agency_tree_decides_who_may_name_it(world, earlier):
    # A sibling province's Board neither sees nor edits the incident.
    with pytest.raises(Http404):
        _set(world.other_users["board_officer"], earlier, "Shwe Kokko")
    # Without the incidents permission, nobody edits it, even in its agency.
    with pytest.raises(PermissionDenied):
        _set(world.users["case_worker"], earlier, "Shwe Kokko")
    # The national labour authority, above the incident's agency, may.
    national = core_actions.user_create(
        actor=None,
        agency=world.national,
        username="labour-national",
        password=None,
        roles=["labour_officer"],
    )
    assert _set(national, earlier, "Shwe Kokko").compound.name == "Shwe Kokko"


def test_the_page_and_the_api_name_and_clear_it(world, earlier, client_for):
    client = client_for(world.users["board_officer"])
    url = f"/registry/incidents/{earlier.pk}/"
    assert 'name="compound_name"' in client.get(url).content.decode()
    assert client.post(f"{url}compound/", {"compound_name": "shwe kokko"}).status_code == 302
    assert 'data-testid="incident-compound">Shwe Kokko<' in client.get(url).content.decode()
    bad = client.post(f"{url}compound/", {"compound_name": "Nowhere Park"})
    assert bad.status_code == 400
    assert 'aria-invalid="true"' in bad.content.decode() or "error" in bad.content.decode()
    api = f"/api/v1/registry/incidents/{earlier.pk}/compound"
    answer = client.post(api, {"compound_name": "KK Park"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["compound"] == "KK Park"
    refused = client.post(api, {"compound_name": "Nowhere"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert [e["loc"] for e in refused.json()["errors"]] == [["compound_name"]]
    cleared = client.post(api, {"compound_name": ""}, content_type="application/json")
    assert cleared.json()["compound"] == ""
    other = client_for(world.other_users["board_officer"])
    assert (
        other.post(api, {"compound_name": "KK Park"}, content_type="application/json").status_code
        == 404
    )
    assert other.post(f"{url}compound/", {"compound_name": "KK Park"}).status_code == 404
    assert Incident.objects.get().compound_id is None
