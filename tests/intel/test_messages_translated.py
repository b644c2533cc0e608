"""Why a value is not an indicator reads in the reader's language: every message of the
indicator engine is a message id with its values, translated into Vietnamese, and shown
translated on forms, in problem+json answers and on pages."""

from __future__ import annotations

import ast
import html
import io
import json
import re
import string
from pathlib import Path

import pytest
from django.test import Client

import ctip.intel.engine
from ctip.core import actions as core_actions
from ctip.core.engine.labels import Label
from ctip.core.labels import label_in
from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.models import Report
from tests.cases.factories import make_case

ENGINE = Path(ctip.intel.engine.__file__).parent


def _calls(name: str) -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(ENGINE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == name:
                found.append((path.name, node))
    return found


def _messages() -> list[str]:
    return sorted(
        {
            node.args[0].value
            for _, node in _calls("Label")
            if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
        }
    )


def test_every_refusal_is_a_message_id_with_its_values():
    """No English sentence built in place: each ``InvalidIndicator`` gets a ``Label`` whose
    text is a constant the catalogue can hold."""
    raised = _calls("InvalidIndicator")
    assert len(raised) >= 70
    for name, node in raised:
        (argument,) = node.args
        assert isinstance(argument, ast.Call), (name, node.lineno)
        assert getattr(argument.func, "id", "") == "Label", (name, node.lineno)
        assert isinstance(argument.args[0], ast.Constant), (name, node.lineno)


@pytest.mark.parametrize("msgid", _messages())
def test_every_message_has_a_vietnamese_translation(msgid):
    names = {field for _, field, _, _ in string.Formatter().parse(msgid) if field}
    value = Label(msgid, **dict.fromkeys(names, "X1"))
    english, vietnamese = label_in(value, "en"), label_in(value, "vi")
    assert english == value.en
    assert vietnamese != english, msgid
    assert vietnamese.count("X1") == english.count("X1"), msgid


def test_the_message_keeps_what_was_typed():
    with pytest.raises(InvalidIndicator) as refused:
        normalise("phone", "0912 34")
    assert refused.value.label.params == {"value": "0912 34"}
    assert "“0912 34”" in str(refused.value)
    assert "“0912 34” không phải số điện thoại hợp lệ" in label_in(refused.value.label, "vi")


def _problem(response) -> str:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["detail"]


def test_the_public_lookup_refuses_in_the_readers_language(world):
    query = {"kind": "phone", "value": "0912 34"}
    vietnamese = _problem(Client().get("/api/v1/intel/lookup", query, HTTP_ACCEPT_LANGUAGE="vi"))
    english = _problem(Client().get("/api/v1/intel/lookup", query, HTTP_ACCEPT_LANGUAGE="en"))
    assert vietnamese.startswith("“0912 34” không phải số điện thoại hợp lệ")
    assert english.startswith("“0912 34” is not a valid phone number")


def test_a_reports_unread_values_read_in_the_readers_language(world, client_for):
    """A machine report keeps a value it could not read with why; the answer and the report
    page say why in the reader's language, the kind in words."""
    liaison = world.users["liaison"]
    issued = core_actions.token_create(
        actor=None, user=liaison, name="gateway", scopes=["intel.report"]
    )
    bank = Client(headers={"authorization": f"Bearer {issued.secret}"})
    body = {
        "type": "impersonation",
        "narrative": "Gọi giả danh công an",
        "indicators": [
            {"kind": "phone", "value": "0912 345 678"},
            {"kind": "email", "value": "khong-co-a-cong"},
        ],
    }
    filed = bank.post(
        "/api/v1/intel/reports",
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert filed.status_code == 201, filed.content
    (rejected,) = filed.json()["rejected"]
    assert rejected["message"] == (
        "Địa chỉ thư điện tử gồm tên, dấu @ và tên miền: “khong-co-a-cong”."
    )
    report = Report.objects.get()
    assert report.unparsed[0]["params"] == {"value": "khong-co-a-cong"}
    client = client_for(world.users["investigator"])
    for language, words, never in (
        ("vi", "Địa chỉ thư điện tử gồm tên, dấu @ và tên miền", "An e-mail address has"),
        ("en", "An e-mail address has a name, an @ and a domain", "Địa chỉ thư điện tử gồm"),
    ):
        client.cookies["ctip_language"] = language
        page = html.unescape(client.get(f"/intel/reports/{report.pk}/").content.decode())
        assert words in page
        assert never not in page
    assert "E-mail" in page
    assert not re.search(r"<li>email:", page)


def test_a_case_contact_refused_in_vietnamese(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(worker)
    client = client_for(worker)
    client.cookies["ctip_language"] = "vi"
    page = client.post(
        f"/cases/{case.pk}/contacts/", {"kind": "phone", "value": "0912 34"}, follow=True
    )
    text = html.unescape(page.content.decode())
    assert "“0912 34” không phải số điện thoại hợp lệ" in text
    assert "is not a valid phone number" not in text


def test_a_dispute_refused_in_vietnamese(world):
    client = Client()
    client.cookies["ctip_language"] = "vi"
    page = client.post(
        "/lookup/dispute/",
        {"kind": "url", "value": "khong co dau cham", "statement": "Số của tôi", "contact": ""},
    )
    text = html.unescape(page.content.decode())
    assert "Địa chỉ trang web không có dấu cách" in text


PARTNER_BUNDLE = {
    "type": "bundle",
    "id": "bundle--words",
    "objects": [
        {"type": "indicator", "id": "indicator--2", "pattern_type": "stix", "pattern": "7"},
        "junk",
        {"type": "phone-number", "value": "0912 345 678"},
    ],
}
PARTNER_EVENT = {
    "Event": {
        "Object": [{"name": "file", "Attribute": []}],
        "Attribute": [{"type": "url", "value": "khong co dau cham"}],
    }
}
# Words of the English sentences that must never reach a Vietnamese reader.
ENGLISH = ("Object", "Attribute", "Pattern", "not understood", "JSON object", "is not")


def test_partner_imports_say_which_object_and_why_in_the_readers_language(world, client_for):
    """The exchange endpoints answer each object that gives no indicator with a sentence:
    in Vietnamese for a Vietnamese reader (no English word of ours), in English for one
    who reads English."""
    client = client_for(world.users["analyst"])
    answers = {}
    for language in ("vi", "en"):
        client.cookies["ctip_language"] = language
        stix = client.post(
            "/api/v1/intel/import/stix", PARTNER_BUNDLE, content_type="application/json"
        )
        misp = client.post(
            "/api/v1/intel/import/misp", PARTNER_EVENT, content_type="application/json"
        )
        assert stix.status_code == misp.status_code == 200, (stix.content, misp.content)
        answers[language] = stix.json()["rejected"] + misp.json()["rejected"]
    vietnamese, english = answers["vi"], answers["en"]
    assert [(r["position"], r["kind"], r["value"]) for r in vietnamese] == [
        (1, "indicator", "indicator--2"),
        (2, "", ""),
        (1, "file", ""),
        (2, "url", "khong co dau cham"),
    ]
    assert [r["message"] for r in vietnamese[:3]] == [
        "Đối tượng thứ 1 (indicator “indicator--2”): Không hiểu mẫu: “7”.",
        "Đối tượng thứ 2: Không phải là đối tượng JSON.",
        "Đối tượng thứ 1 (file): Đối tượng MISP “file” không phải dấu hiệu mà CTIP lưu giữ.",
    ]
    assert vietnamese[3]["message"].startswith(
        "Thuộc tính thứ 2 (url “khong co dau cham”): Địa chỉ trang web"
    )
    for refused in vietnamese:
        for word in ENGLISH:
            assert word not in refused["message"], refused["message"]
    assert [r["message"] for r in english[:3]] == [
        "Object 1 (indicator “indicator--2”): Pattern not understood: “7”.",
        "Object 2: It is not a JSON object.",
        "Object 1 (file): MISP object “file” is not an indicator CTIP keeps.",
    ]
    assert english[3]["message"].startswith("Attribute 2 (url “khong co dau cham”): ")


def test_a_partner_documents_refused_objects_are_kept_as_words_to_translate(world, client_for):
    """The document keeps why each object gave no indicator as a message id and its
    values; the import's page says it in the language of whoever started the import."""
    from ctip.core.labels import label_in, stored
    from ctip.intel.models import PartnerBundle

    analyst = world.users["analyst"]
    client = client_for(analyst)
    client.cookies["ctip_language"] = "vi"
    upload = io.BytesIO(json.dumps(PARTNER_BUNDLE).encode())
    upload.name = "camcert.json"
    started = client.post(
        "/intel/partners/import/",
        {"format": "stix", "partner": "CamCERT", "country": "KH", "kind": "cert", "file": upload},
    )
    assert started.status_code == 302, started.content
    bundle = PartnerBundle.objects.get()
    kept = bundle.errors[0]
    assert (kept["position"], kept["kind"], kept["message"]) == (
        1,
        "indicator",
        "Pattern not understood: “{value}”.",
    )
    assert label_in(stored(kept), "vi") == "Không hiểu mẫu: “7”."
    page = html.unescape(client.get(started["Location"]).content.decode())
    assert "Đối tượng thứ 1 (indicator “indicator--2”): Không hiểu mẫu: “7”." in page
    assert "Pattern not understood" not in page
