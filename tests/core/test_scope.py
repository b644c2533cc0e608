"""The one scope mechanism: every model declares who may see its rows."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from ctip.core import selectors
from ctip.core.models import Agency, User
from ctip.core.scope import UNSCOPED, visible


def test_every_ctip_model_declares_its_scope():
    for model in apps.get_models():
        if not model.__module__.startswith("ctip."):
            continue
        label = model._meta.label_lower
        assert label in UNSCOPED or hasattr(model, "scope_q"), f"{label} declares no scope_q"


def test_agency_admin_sees_only_own_subtree(world):
    seen = set(selectors.staff_managed_by(world.users["agency_admin"]))
    assert world.users["analyst"] in seen
    assert not seen & set(world.other_users.values())


def test_national_admin_sees_all(world):
    from ctip.core import actions

    boss = actions.user_create(
        actor=None, agency=world.national, username="boss", password=None, roles=["agency_admin"]
    )
    assert set(selectors.agencies_managed_by(boss)) >= {world.agency, world.other}


def test_visible_refuses_without_the_permission(world):
    with pytest.raises(PermissionDenied):
        visible(User.objects.all(), world.users["analyst"], "core.manage_users")
    with pytest.raises(PermissionDenied):
        visible(Agency.objects.all(), world.users["auditor"], "core.manage_agencies")


def test_inactive_user_has_no_permissions(world):
    user = world.users["agency_admin"]
    user.is_active = False
    assert user.permissions == frozenset()
