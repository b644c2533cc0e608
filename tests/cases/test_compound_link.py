"""A case refers to a compound of the register; the compound's page lists it only to those
who may read the case, and counts it for everyone else, across two agencies."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from ctip.cases import actions
from ctip.cases.models import Case
from ctip.compounds import actions as compound_actions
from ctip.compounds import selectors as compound_selectors
from tests.cases.factories import days_ago, make_case
from tests.compounds.factories import make_compound


@pytest.fixture
def shwe(world):
    compound = make_compound(
        world.users["investigator"],
        "Shwe Kokko",
        aliases=("Yatai New City", "Khu Đô Thị Mới Á Thái"),
    )
    # The other province may read the register's entry, never our cases.
    compound_actions.compound_open_to(
        actor=world.users["investigator"],
        compound=compound,
        data=compound_actions.AccessInput(agency_id=world.other.pk),
    )
    return compound


def test_intake_links_a_compound_named_by_an_alias_without_accents(worker, shwe):
    named = make_case(worker, "Nguyễn Văn An", compound="khu do thi moi a thai")
    assert named.linked_compound_id == shwe.pk
    assert named.compound == "khu do thi moi a thai"  # what the person said is kept
    unknown = make_case(worker, "Trần Văn Bình", compound="a building near the river")
    assert unknown.linked_compound_id is None
    assert unknown.compound == "a building near the river"
    chosen = make_case(worker, "Lê Văn Cường", compound_id=shwe.pk)
    assert chosen.linked_compound_id == shwe.pk


def test_a_compound_the_actor_may_not_read_is_refused(world, worker):
    hidden = make_compound(world.other_users["investigator"], "Golden Fortune", aliases=())
    with pytest.raises(ValidationError) as refused:
        make_case(worker, "Nguyễn Văn An", compound_id=hidden.pk)
    assert "compound_id" in refused.value.message_dict
    assert not Case.objects.exists()
    # Its name in free text is kept as text, and links nothing.
    case = make_case(worker, "Nguyễn Văn An", compound="Golden Fortune")
    assert case.linked_compound_id is None


def test_compound_page_lists_cases_only_to_their_readers(world, worker, shwe):
    case = make_case(worker, "Nguyễn Văn An", compound="Shwe Kokko")
    ours = compound_selectors.compound_page(worker, shwe.pk)
    group = next(g for g in ours.links if str(g.title) == gettext("Cases"))
    assert [i.label for i in group.items] == [case.reference]
    assert group.count == 1
    stranger = world.other_users["case_worker"]
    theirs = compound_selectors.compound_page(stranger, shwe.pk)
    group = next(g for g in theirs.links if str(g.title) == gettext("Cases"))
    assert group.count == 1
    assert group.items == ()
    # Nor does the page they read name the case.
    from django.test import Client

    from tests.conftest import sign_in

    page = sign_in(Client(), stranger).get(reverse("compounds:detail", args=[shwe.pk]))
    assert page.status_code == 200
    assert case.reference not in page.content.decode()
    mine = sign_in(Client(), worker).get(reverse("compounds:detail", args=[shwe.pk]))
    assert case.reference in mine.content.decode()


def test_case_page_chooser_finds_a_compound_by_alias(world, worker, shwe, client_for):
    case = make_case(worker, "Nguyễn Văn An")
    client = client_for(worker)
    detail = client.get(reverse("cases:detail", args=[case.pk]))
    assert "Shwe Kokko" in detail.content.decode()
    client.post(
        reverse("cases:compound", args=[case.pk]),
        {"version": case.version, "compound_name": "YATAI new city"},
    )
    case.refresh_from_db()
    assert case.linked_compound_id == shwe.pk
    # Another agency's worker cannot change our case's compound.
    stranger = client_for(world.other_users["case_worker"])
    refused = stranger.post(
        reverse("cases:compound", args=[case.pk]), {"version": case.version, "compound_id": ""}
    )
    assert refused.status_code in {403, 404}
    case.refresh_from_db()
    assert case.linked_compound_id == shwe.pk
    # Unlinking through the action keeps the free text.
    actions.case_compound_link(
        actor=worker, case=case, data=actions.CaseCompoundInput(None, case.version)
    )
    case.refresh_from_db()
    assert case.linked_compound_id is None


def test_api_takes_and_gives_the_compound(world, client_for, shwe):
    client = client_for(world.users["case_worker"])
    body = {
        "idempotency_key": "c1",
        "full_name": "Ngô Văn Sơn",
        "intake_channel": "handover",
        "intake_date": days_ago(0).isoformat(),
        "compound_id": shwe.pk,
    }
    made = client.post("/api/v1/cases", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["compound_id"] == shwe.pk
    hidden = make_compound(world.other_users["investigator"], "Golden Fortune", aliases=())
    bad = client.post(
        "/api/v1/cases",
        body | {"idempotency_key": "c2", "compound_id": hidden.pk},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"


def test_a_scheduled_screening_is_due_on_the_worklist_on_its_day(world, worker):
    from django.utils import translation

    from ctip.core import worklist

    screener = world.users["case_worker"]
    make_case(worker, "Nguyễn Văn An", screening_on=days_ago(0))
    make_case(worker, "Trần Văn Bình", screening_on=days_ago(-3))
    make_case(worker, "Lê Văn Cường")
    with translation.override("en"):
        waiting = {i.label: i.count for i in worklist.items(screener)}
    assert waiting["screening interviews due today or earlier"] == 1
    assert waiting["cases to screen"] == 3
    stranger = world.other_users["case_worker"]
    with translation.override("en"):
        theirs = {i.label: i.count for i in worklist.items(stranger)}
    assert theirs.get("screening interviews due today or earlier", 0) == 0
