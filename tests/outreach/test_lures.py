"""Rising lures from the public's saved job-offer checks, and a warning drafted from one."""

from __future__ import annotations

from datetime import timedelta
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from ctip.core.models import Province
from ctip.outreach import actions, selectors
from ctip.outreach.models import PublicWarning, WarningKind, WarningState
from ctip.outreach.selectors.lures import sign_words
from ctip.screening.models import SavedCheck
from tests.conftest import World

RISING, FALLING, TRUST = "EASY_JOB_HIGH_PAY", "EASY_WORK", "LICENSED_RECRUITMENT"


def _checks(days_ago: int, n: int, *codes: str, province: str | None = None) -> None:
    place = Province.objects.get(code=province) if province else None
    for _i in range(n):
        SavedCheck.objects.create(
            province=place,
            created=timezone.localdate() - timedelta(days=days_ago),
            source="page",
            language="vi",
            category="trafficking_lure",
            level="high",
            risk_bucket=8,
            pay_band="1000_2000",
            flag_codes=list(codes),
        )


@pytest.fixture
def checks(db: None) -> None:
    """The last four weeks: 5 checks with the rising sign, 2 with the falling one; the four
    weeks before: 1 and 6; a trust sign in both."""
    _checks(0, 3, RISING, TRUST)
    _checks(8, 2, RISING, FALLING)
    _checks(35, 1, RISING, TRUST)
    _checks(40, 6, FALLING)
    _checks(200, 9, RISING)  # long ago: in neither window


def test_the_rising_lure_comes_first_and_trust_signs_are_not_lures(
    world: World, checks: None
) -> None:
    lures = selectors.rising_lures(world.users["analyst"])
    assert (lures.recent_checks, lures.earlier_checks) == (5, 7)
    first = lures.lures[0]
    assert (first.code, first.recent, first.earlier, first.rising) == (RISING, 5, 1, True)
    falling = next(lure for lure in lures.lures if lure.code == FALLING)
    assert (falling.recent, falling.earlier, falling.rising) == (2, 6, False)
    assert TRUST not in {lure.code for lure in lures.lures}
    assert [lure.code for lure in lures.rising] == [RISING]


def test_only_readers_of_saved_checks_see_the_lures(world: World, checks: None) -> None:
    with pytest.raises(Http404):
        selectors.rising_lures(world.users["communication_officer"])
    with pytest.raises(Http404):
        actions.warning_from_lure(actor=world.users["communication_officer"], code=RISING)


def test_a_warning_drafted_from_a_lure_says_the_sign_in_both_languages(
    world: World, checks: None
) -> None:
    analyst = world.users["analyst"]
    warning = actions.warning_from_lure(actor=analyst, code=RISING)
    assert (warning.kind, warning.state) == (WarningKind.LURE, WarningState.DRAFT)
    assert sign_words(RISING, "vi") in warning.body_vi
    assert sign_words(RISING, "vi") != sign_words(RISING, "en")
    assert "5" in warning.body_vi
    assert sign_words(RISING, "en") in warning.body_en
    assert "5" in warning.body_en
    assert warning.title_vi != warning.title_en
    assert len(warning.title_vi) <= 200
    assert len(warning.title_en) <= 200
    # A sibling agency's writer does not see the draft.
    with pytest.raises(Http404):
        selectors.staff_warning(world.other_users["analyst"], warning.pk, "outreach.write_warnings")


@pytest.mark.parametrize("code", ["NOT_A_SIGN", TRUST, "UPFRONT_FEE"])
def test_a_sign_no_recent_check_shows_is_refused(world: World, checks: None, code: str) -> None:
    with pytest.raises(ValidationError):
        actions.warning_from_lure(actor=world.users["analyst"], code=code)
    assert not PublicWarning.objects.exists()


def test_the_warnings_page_lists_the_lures_and_drafts_from_one(
    world: World, checks: None, client_for
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["analyst"])
    page = client.get("/outreach/warnings/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'data-testid="lures"' in page.content.decode()
    assert escape(sign_words(RISING, "en")) in page.content.decode()
    made = client.post("/outreach/warnings/from-lure/", {"code": RISING})
    warning = PublicWarning.objects.get()
    assert made.status_code == 302
    assert made.url == f"/outreach/warnings/{warning.pk}/"
    officer = client_for(world.users["communication_officer"])
    assert 'data-testid="lures"' not in officer.get("/outreach/warnings/").content.decode()


def test_the_api_lists_lures_and_drafts_with_clear_refusals(
    world: World, checks: None, client_for
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["analyst"])
    body = client.get("/api/v1/outreach/lures").json()
    assert body["lures"][0]["code"] == RISING
    assert body["lures"][0]["rising"] is True
    made = client.post(
        "/api/v1/outreach/warnings/from-lure", {"code": RISING}, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["kind"] == "lure"
    refused = client.post(
        "/api/v1/outreach/warnings/from-lure", {"code": "NOPE"}, content_type="application/json"
    )
    assert refused.status_code in (400, 422)
    assert refused["Content-Type"].startswith("application/problem+json")
    officer = client_for(world.users["communication_officer"])
    assert officer.get("/api/v1/outreach/lures").status_code == 404


def test_lures_are_compared_by_the_province_people_gave_small_counts_hidden(
    world: World, client_for
) -> None:  # type: ignore[no-untyped-def]
    _checks(1, 14, RISING, province="ha-noi")
    _checks(2, 12, RISING, province="nghe-an")
    _checks(3, 3, RISING, province="da-nang")  # under 11: hidden, and a second count too
    _checks(3, 12, RISING)  # no province given
    _checks(2, 12, FALLING, province="ha-noi")
    lures = selectors.rising_lures(world.users["analyst"])
    rising = next(lure for lure in lures.lures if lure.code == RISING)
    shown = {p.code: p.recent for p in rising.provinces}
    assert shown.get("da-nang") is None
    assert rising.provinces_hidden
    # The second hidden count is the smallest other: Nghe An's 12; Ha Noi and the checks
    # that gave none stay, and the hidden ones cannot be worked out from the total 41.
    assert shown == {"ha-noi": 14, "unknown": 12}
    falling = next(lure for lure in lures.lures if lure.code == FALLING)
    assert [(p.code, p.recent) for p in falling.provinces] == [("ha-noi", 12)]
    assert not falling.provinces_hidden

    client = client_for(world.users["analyst"])
    api = client.get("/api/v1/outreach/lures").json()
    row = next(lure for lure in api["lures"] if lure["code"] == RISING)
    assert {p["code"]: p["recent"] for p in row["provinces"]} == shown
    assert row["provinces_hidden"] is True
    page = client.get("/outreach/warnings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cell = page[page.index(f'data-testid="lure-provinces-{RISING}"') :]
    cell = cell[: cell.index("</td>")]
    assert "Ha Noi: 14" in cell or "Hà Nội: 14" in cell
    for hidden in ("Da Nang", "Đà Nẵng", ": 3"):
        assert hidden not in cell
    assert 'data-status="hidden"' in cell


def _unflagged(text: str, n: int) -> None:
    from ctip.screening import actions as screening_actions
    from ctip.screening import checking

    assessment = checking.check(text)
    assert not [f for f in assessment.flags if f.polarity == "risk"], text
    for _i in range(n):
        screening_actions.check_save(actor=None, assessment=assessment, source="page", text=text)


def test_words_no_rule_knows_are_shown_only_once_k_checks_share_them(
    world: World, client_for
) -> None:  # type: ignore[no-untyped-def]
    from ctip.screening.selectors import PHRASE_MIN_CHECKS

    k = PHRASE_MIN_CHECKS
    _unflagged("Nhận nuôi mèo cảnh tại nhà, gọi 0912 345 678.", k)
    _unflagged("Cần người trông vườn rau sạch.", k - 1)
    lures = selectors.rising_lures(world.users["analyst"])
    shown = {p.phrase: p.checks for p in lures.phrases}
    words = ("nhận nuôi mèo", "nuôi mèo cảnh", "mèo cảnh tại", "cảnh tại nhà", "tại nhà gọi")
    assert shown == dict.fromkeys(words, k)  # the number ended the run; k-1 is not enough
    assert lures.phrases_min_checks == k
    _unflagged("Cần người trông vườn rau sạch.", 1)
    shown = {p.phrase for p in selectors.rising_lures(world.users["analyst"]).phrases}
    assert "người trông vườn" in shown

    client = client_for(world.users["analyst"])
    body = client.get("/api/v1/outreach/lures").json()
    assert {p["phrase"] for p in body["phrases"]} == shown
    page = client.get("/outreach/warnings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = page[page.index('data-testid="unseen-phrases"') :]
    assert "nuôi mèo cảnh" in table[: table.index("</table>")]
    assert "0912" not in page
    assert "345" not in table[: table.index("</table>")]
