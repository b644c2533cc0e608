"""A denunciation from a hotline call or a tracing request keeps a checked link."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from ctip.proceedings import actions
from ctip.proceedings.models import Denunciation
from tests.hotline.factories import make_call, make_request
from tests.proceedings.factories import make_denunciation

pytestmark = pytest.mark.django_db


def test_a_call_and_a_tracing_request_are_linked_by_their_reference(world, client_for):
    operator = world.users["hotline_operator"]
    call = make_call(operator)
    request = make_request(operator)
    from_call = make_denunciation(
        world, source_kind="hotline_call", source_reference=f" cg-{call.pk:06d} "
    )
    assert from_call.source_call_id == call.pk
    assert from_call.source_reference == call.reference
    from_request = make_denunciation(
        world, source_kind="tracing_request", source_reference=request.follow_code.lower()
    )
    assert from_request.source_request_id == request.pk
    assert from_request.source_reference == request.follow_code
    page = client_for(world.users["investigator"]).get(
        f"/proceedings/denunciations/{from_request.pk}/"
    )
    assert f"/hotline/requests/{request.pk}/" in page.content.decode()
    api = client_for(world.users["investigator"]).get(
        f"/api/v1/proceedings/denunciations/{from_call.pk}"
    )
    assert api.json()["source_call_id"] == call.pk


def test_a_reference_that_names_nothing_visible_is_refused_clearly(world):
    call = make_call(world.users["hotline_operator"])
    count = Denunciation.objects.count()
    with pytest.raises(ValidationError, match="reads like CG-000123"):
        make_denunciation(world, source_kind="hotline_call", source_reference="CG-999999")
    with pytest.raises(ValidationError, match="tracing request with this reference"):
        make_denunciation(world, source_kind="tracing_request", source_reference="TR-NONE-0000")
    with pytest.raises(ValidationError, match="Give the reference"):
        make_denunciation(world, source_kind="hotline_call", source_reference=" ")
    # An investigator of a sibling agency cannot link our call.
    other = world.other_users["investigator"]
    with pytest.raises(ValidationError, match="reads like CG-000123"):
        actions.denunciation_receive(
            actor=other,
            data=actions.DenunciationInput(
                kind="denunciation",
                received_on=call.taken_at.date(),
                summary="x",
                source_kind="hotline_call",
                source_reference=call.reference,
            ),
        )
    assert Denunciation.objects.count() == count


def test_the_migration_links_references_kept_as_text(world):
    operator = world.users["hotline_operator"]
    call = make_call(operator)
    request = make_request(operator)
    rows = [make_denunciation(world) for _ in range(3)]
    Denunciation.objects.filter(pk=rows[0].pk).update(
        source_kind="hotline_call", source_reference=f"cg-{call.pk}"
    )
    Denunciation.objects.filter(pk=rows[1].pk).update(
        source_kind="tracing_request", source_reference=request.follow_code
    )
    Denunciation.objects.filter(pk=rows[2].pk).update(
        source_kind="hotline_call", source_reference="written on paper"
    )
    migration = importlib.import_module(
        "ctip.proceedings.migrations.0002_denunciation_hotline_links"
    )
    migration.link_existing(apps, None)
    linked = {d.pk: d for d in Denunciation.objects.filter(pk__in=[r.pk for r in rows])}
    assert linked[rows[0].pk].source_call_id == call.pk
    assert linked[rows[0].pk].source_reference == call.reference
    assert linked[rows[1].pk].source_request_id == request.pk
    assert linked[rows[2].pk].source_call_id is None
    assert linked[rows[2].pk].source_reference == "written on paper"
