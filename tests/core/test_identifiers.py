"""Usernames are normalised (NFKC, case-folded) and one that could pass for an existing
account is refused, on every path that creates accounts."""

import pytest
from django.core.exceptions import ValidationError

from ctip.core import actions, identifiers
from ctip.core.models import User
from tests.conftest import PASSWORD


@pytest.fixture
def admin_account(world):
    return actions.user_create(
        actor=None, agency=world.agency, username="admin", password=PASSWORD, roles=[]
    )


@pytest.mark.parametrize(
    "lookalike",
    [
        "\u0430dmin",  # Cyrillic а
        "ADMIN",
        "Admin",
        "\uff41\uff44\uff4d\uff49\uff4e",  # full-width
        "adm\u0456n",  # Cyrillic і
        "\u0430\u0501m\u0456n",  # Cyrillic а, ԁ, і
    ],
)
def test_a_name_that_passes_for_an_existing_one_is_refused(world, admin_account, lookalike):
    with pytest.raises(ValidationError) as raised:
        actions.user_create(
            actor=None, agency=world.agency, username=lookalike, password=PASSWORD, roles=[]
        )
    assert "username" in raised.value.message_dict
    assert User.objects.filter(username__endswith="n", username__istartswith="a").count() == 1


def test_the_staff_api_and_page_refuse_a_lookalike(world, admin_account, client_for):
    client = client_for(world.users["agency_admin"])
    response = client.post(
        "/api/v1/users",
        {"username": "\u0430dmin", "agency_id": world.agency.pk, "roles": [], "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    page = client.post(
        "/staff/new/",
        {
            "username": "\u0430dmin",
            "agency": world.agency.pk,
            "password": PASSWORD,
            "is_active": "on",
        },
    )
    assert page.status_code == 400
    assert not User.objects.filter(username="\u0430dmin").exists()


def test_names_in_one_script_are_welcome(world, admin_account):
    for name in ("trần.thị.mai", "nguyen.van.an", "Алексей", "quản.trị"):
        actions.user_create(
            actor=None, agency=world.agency, username=name, password=PASSWORD, roles=[]
        )
    assert User.objects.filter(username="trần.thị.mai").exists()


def test_a_name_is_stored_in_its_normal_form(world):
    decomposed = "tra\u0300n"  # "trần" typed with a combining grave accent
    user = actions.user_create(
        actor=None, agency=world.agency, username=decomposed + ".b", password=PASSWORD, roles=[]
    )
    assert user.username == "tr\u00e0n.b"


def test_skeletons():
    assert identifiers.skeleton("p\u0430ypal") == identifiers.skeleton("PayPal")
    assert identifiers.skeleton("case_worker-a") != identifiers.skeleton("case_worker-b")
    assert identifiers.mixes_lookalike_scripts("\u0430dmin")
    assert not identifiers.mixes_lookalike_scripts("trần.thị")
