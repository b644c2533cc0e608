"""An asset moves frozen → recovered → returned as one record with its history."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404

from ctip.core.models import AuditEvent
from ctip.proceedings import actions
from ctip.proceedings.models import Asset, AssetStatusChange
from tests.proceedings.factories import days_ago, make_criminal_case

pytestmark = pytest.mark.django_db


def _frozen(world):
    found = make_criminal_case(world)
    asset = actions.asset_record(
        actor=world.users["investigator"],
        data=actions.AssetInput(
            case_id=found.pk,
            description="Tài khoản 0123 tại ngân hàng A",
            amount_vnd=1_500_000_000,
            status="frozen",
            status_on=days_ago(30),
        ),
    )
    victim = actions.victim_add(
        actor=world.users["investigator"],
        data=actions.VictimInput(case_id=found.pk, sex="female"),
    )
    return found, asset, victim


def _move(world, asset, status, on, victim=None, user="investigator"):
    return actions.asset_status(
        actor=world.users[user] if user else world.other_users["investigator"],
        data=actions.AssetStatusInput(
            asset_id=asset.pk, status=status, status_on=on, returned_to_id=victim
        ),
    )


def test_one_asset_moves_on_with_its_history_audited(world, client_for):
    found, asset, victim = _frozen(world)
    _move(world, asset, "recovered", days_ago(20))
    page = client_for(world.users["investigator"]).post(
        f"/proceedings/cases/{found.pk}/asset-status/",
        {
            "asset": asset.pk,
            "status": "returned",
            "status_on": days_ago(5),
            "returned_to": victim.pk,
        },
    )
    assert page.status_code == 302
    assert Asset.objects.filter(case=found).count() == 1
    asset.refresh_from_db()
    assert (asset.status, asset.status_on, asset.returned_to_id) == (
        "returned",
        days_ago(5),
        victim.pk,
    )
    steps = list(AssetStatusChange.objects.filter(asset=asset).values_list("status", "status_on"))
    assert steps == [
        ("frozen", days_ago(30)),
        ("recovered", days_ago(20)),
        ("returned", days_ago(5)),
    ]
    assert AuditEvent.objects.filter(event_type="PROCEEDINGS_ASSET_STATUS_CHANGED").count() == 2
    shown = client_for(world.users["investigator"]).get(f"/api/v1/proceedings/cases/{found.pk}")
    assert [h[1] for h in shown.json()["assets"][0]["history"]] == [
        days_ago(30).isoformat(),
        days_ago(20).isoformat(),
        days_ago(5).isoformat(),
    ]


def test_steps_out_of_order_are_refused_and_nothing_is_written(world, client_for):
    _found, asset, victim = _frozen(world)
    with pytest.raises(ValidationError, match="can only become recovered next"):
        _move(world, asset, "returned", days_ago(5), victim.pk)
    with pytest.raises(ValidationError, match="can only become recovered next"):
        _move(world, asset, "frozen", days_ago(5))
    with pytest.raises(ValidationError, match="before the asset's last step"):
        _move(world, asset, "recovered", days_ago(40))
    _move(world, asset, "recovered", days_ago(20))
    with pytest.raises(ValidationError, match="victim it went back to"):
        _move(world, asset, "returned", days_ago(5))
    _move(world, asset, "returned", days_ago(5), victim.pk)
    with pytest.raises(ValidationError, match="history is complete"):
        _move(world, asset, "recovered", days_ago(1))
    with pytest.raises(Http404):
        _move(world, asset, "returned", days_ago(1), user=None)  # a sibling agency
    assert AssetStatusChange.objects.filter(asset=asset).count() == 3
    api = client_for(world.users["investigator"]).post(
        f"/api/v1/proceedings/assets/{asset.pk}/status",
        {"status": "frozen", "status_on": days_ago(1).isoformat()},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 422
    assert "history is complete" in api.json()["detail"] or "history is complete" in str(api.json())


def test_the_migration_makes_one_asset_of_the_rows_of_its_steps(world):
    found, asset, victim = _frozen(world)
    AssetStatusChange.objects.all().delete()
    again = Asset.objects.create(
        case=found,
        description="tài khoản 0123  tại ngân hàng A",
        amount_vnd=asset.amount_vnd,
        status="returned",
        status_on=days_ago(3),
        returned_to=victim,
    )
    other = Asset.objects.create(
        case=found,
        description="Xe máy",
        amount_vnd=30_000_000,
        status="frozen",
        status_on=days_ago(9),
    )
    migration = importlib.import_module("ctip.proceedings.migrations.0003_asset_history")
    migration.one_asset_with_its_history(apps, None)
    assert set(Asset.objects.filter(case=found).values_list("pk", flat=True)) == {
        asset.pk,
        other.pk,
    }
    asset.refresh_from_db()
    assert (asset.status, asset.returned_to_id) == ("returned", victim.pk)
    assert list(asset.history.values_list("status", flat=True)) == ["frozen", "returned"]
    assert list(other.history.values_list("status", flat=True)) == ["frozen"]
    assert not Asset.objects.filter(pk=again.pk).exists()
