"""Who reads English: officers of a foreign authority (a counterpart abroad) do, whatever
their browser asks; a Vietnamese mission abroad and a province's officers read the
language they chose (docs/decisions/0019-who-reads-english.md)."""

from __future__ import annotations

import pytest

from ctip.core import actions as core_actions
from ctip.core.language import api_language, language_of, reads_english
from ctip.core.models import AgencyType
from tests.conftest import PASSWORD
from tests.cooperation.factories import counterpart, partner_user

pytestmark = pytest.mark.django_db


def _embassy_officer():
    embassy = core_actions.agency_create(
        actor=None,
        code="vn-embassy-phnom-penh",
        type=AgencyType.FOREIGN_AFFAIRS,
        name_vi="Đại sứ quán Việt Nam tại Phnôm Pênh",
        name_en="Embassy of Viet Nam in Phnom Penh",
        country="KH",
    )
    return core_actions.user_create(
        actor=None, agency=embassy, username="embassy-kh", password=PASSWORD, roles=["partner"]
    )


@pytest.mark.parametrize(
    "path", ["/cooperation/verifications/", "/cooperation/joint-investigations/", "/"]
)
def test_a_counterpart_reads_english_an_embassy_and_a_province_read_vietnamese(
    world, client_for, path
):
    readers = {
        "counterpart": partner_user(counterpart()),
        "embassy": _embassy_officer(),
        "province": world.users["investigator"],
    }
    read = {}
    for who, user in readers.items():
        response = client_for(user).get(path, HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
        assert response.status_code == 200, (who, response.status_code)
        read[who] = response["Content-Language"]
    assert read == {"counterpart": "en", "embassy": "vi", "province": "vi"}


def test_one_rule_for_requests_jobs_and_mail(world, rf):
    partner = partner_user(counterpart())
    embassy = _embassy_officer()
    province = world.users["investigator"]
    assert [reads_english(u) for u in (partner, embassy, province)] == [True, False, False]
    # A partner who switched its saved language still reads English outside a request too.
    partner.preferred_language = "vi"
    assert language_of(partner) == "en"
    embassy.preferred_language = "vi"
    assert language_of(embassy) == "vi"
    province.preferred_language = "en"
    assert language_of(province) == "en"
    # An API request: the partner reads English whatever it asks; the others what they ask.
    asks_vi = rf.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="vi")
    assert api_language(asks_vi, partner) == "en"
    assert api_language(asks_vi, embassy) == "vi"
    assert api_language(asks_vi, province) == "vi"
