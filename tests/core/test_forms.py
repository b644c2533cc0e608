"""Forms: errors are announced and pointed at, irreversible actions ask first, nothing is
preselected that would bias an answer, and only accepted submissions count against rate
limits."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.test import Client, override_settings

from ctip.core import actions as core_actions
from ctip.intel.models import Report
from tests.cases.factories import make_decision
from tests.conftest import PASSWORD


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if found.get("aria-describedby"):
            self.described.extend(str(found["aria-describedby"]).split())
        if tag == "script":
            self.scripts.append(found)


def _parsed(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def _assert_described_by_existing(html: str) -> None:
    page = _parsed(html)
    missing = [ref for ref in page.described if ref not in page.ids]
    assert missing == [], missing


def _report(**values):
    return {
        "type": "recruitment",
        "narrative": "Bắt đóng phí",
        "ind-TOTAL_FORMS": "1",
        "ind-INITIAL_FORMS": "0",
        "ind-0-kind": "phone",
        "ind-0-value": "0912 345 678",
        "ind-0-detail": "",
        **values,
    }


def test_aria_describedby_points_at_elements_that_exist(world, client_for):
    public = Client()
    pages = [
        public.get("/report/"),
        public.post("/report/", _report(type="", amount_lost_vnd="1.5.000")),
        public.post("/lookup/", {"kind": "phone", "value": ""}),
    ]
    officer = client_for(world.users["intake_officer"])
    pages += [
        officer.get("/cases/new/"),
        officer.post("/cases/new/", {"idempotency_key": "k", "exploitation_country": "Narnia"}),
    ]
    decision = make_decision(world)
    supervisor = client_for(world.users["supervisor"])
    pages.append(supervisor.get(f"/cases/{decision.case_id}/"))
    for response in pages:
        assert response.status_code in (200, 400), response.status_code
        _assert_described_by_existing(response.content.decode())
    refused = pages[1].content.decode()
    # The amount's error is what its field points at.
    assert 'aria-describedby="id_amount_lost_vnd_helptext id_amount_lost_vnd_error"' in refused
    assert 'id="id_amount_lost_vnd_error"' in refused


def test_focus_script_is_a_static_file_and_no_inline_script(world):
    html = Client().post("/report/", _report(type="")).content.decode()
    page = _parsed(html)
    sources = [s.get("src") or "" for s in page.scripts]
    assert any(re.search(r"/static/core/forms(\.[0-9a-f]+)?\.js$", s) for s in sources), sources
    assert all(s.get("src") for s in page.scripts)


def test_irreversible_actions_ask_for_confirmation(world, client_for):
    decision = make_decision(world)
    second = core_actions.user_create(
        actor=None,
        agency=world.agency,
        username="supervisor-2",
        password=PASSWORD,
        roles=["supervisor"],
    )
    html = client_for(second).get(f"/cases/{decision.case_id}/").content.decode()
    approve = re.search(r"<form[^>]*/decisions/\d+/approve/[^>]*>", html)
    assert approve is not None
    assert "data-confirm=" in approve.group(0)


def test_no_biasing_defaults(world, client_for):
    report = Client().get("/report/").content.decode()
    select = re.search(r'<select name="type".*?</select>', report, re.S)
    assert select is not None
    assert re.search(r'<option value=""( selected)?>', select.group(0))
    assert not re.search(r'<option value="[^"]+"[^>]*selected', select.group(0))
    intake = client_for(world.users["intake_officer"]).get("/cases/new/").content.decode()
    for name in ("exit_mode", "intake_channel"):
        found = re.search(rf'<select name="{name}".*?</select>', intake, re.S)
        assert found is not None
        assert re.search(r'<option value=""( selected)?>', found.group(0))
        assert not re.search(r'<option value="[^"]+"[^>]*selected', found.group(0))
    refused = Client().post("/report/", _report(type=""))
    assert refused.status_code == 400
    assert Report.objects.count() == 0


@override_settings(CTIP_INTEL_REPORTS_PER_MINUTE=2)
def test_only_accepted_reports_count_against_the_limit(world):
    client = Client()
    for _ in range(3):
        assert client.post("/report/", _report(amount_lost_vnd="5 triệu xyz")).status_code == 400
    assert client.post("/report/", _report()).status_code == 200
    assert client.post("/report/", _report()).status_code == 200
    assert client.post("/report/", _report()).status_code == 429
    assert Report.objects.count() == 2


@override_settings(CTIP_INTEL_LOOKUPS_PER_MINUTE=1)
def test_only_valid_lookups_count_against_the_limit(world):
    client = Client()
    for _ in range(3):
        assert client.post("/lookup/", {"kind": "phone", "value": ""}).status_code == 400
    assert client.post("/lookup/", {"kind": "phone", "value": "0912345678"}).status_code == 200
    assert client.post("/lookup/", {"kind": "phone", "value": "0912345678"}).status_code == 429
