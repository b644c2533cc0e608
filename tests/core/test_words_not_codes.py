"""People read words, not codes: case page, timeline, audit page and network page show
events, stages, channels, countries and networks in the reader's language."""

from __future__ import annotations

import html
import re

import pytest

from ctip.cases import actions as case_actions
from ctip.intel.models import Cluster
from tests.cases.factories import make_case, to_identification
from tests.intel.factories import make_report

CODES = [
    "CASE_OPENED",
    "CASE_STATUS_CHANGED",
    "SCREENING_RECORDED",
    "core.user",
    "cases.case ",
    "r_work_differed",
    "border_detection",
    "identification)",
]


def _page(client, url: str, language: str) -> str:
    client.cookies["ctip_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(html: str) -> str:
    """What a reader sees: the page without tags, attributes and the language switch."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<form[^>]*set_language.*?</form>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def case_with_history(world):
    worker = world.users["case_worker"]
    case = make_case(worker, intake_channel="border_detection", exploitation_country="KH")
    return to_identification(world, case)


@pytest.mark.parametrize(
    ("language", "must", "never"),
    [
        (
            "en",
            ["Case opened", "Cambodia", "Detected at the border", "Identification"],
            ["Campuchia", "Mở hồ sơ"],
        ),
        ("vi", ["Campuchia"], ["Cambodia", "Case opened", "Detected at the border"]),
    ],
)
def test_case_page_and_timeline_in_words(
    world, client_for, case_with_history, language, must, never
):
    html = _page(
        client_for(world.users["case_worker"]), f"/cases/{case_with_history.pk}/", language
    )
    text = _text(html)
    for code in CODES:
        assert code not in text, code
    for word in must:
        assert word.lower() in text.lower(), word
    for word in never:
        assert word not in text, word
    assert not re.search(r"\bKH\b", text)


def test_audit_page_in_words(world, client_for, case_with_history):
    html = _page(client_for(world.users["auditor"]), "/audit/", "en")
    text = _text(html)
    for code in CODES:
        assert code not in text, code
    assert "Case opened" in text
    assert re.search(r"Case #\d+", text)


def test_network_page_is_named_by_its_indicators(world, client_for):
    investigator = world.users["investigator"]
    make_report(investigator)
    make_report(investigator)
    cluster = Cluster.objects.get(size=2)
    html = _page(client_for(investigator), f"/intel/clusters/{cluster.pk}/", "en")
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert heading is not None
    assert cluster.pk not in heading.group(1)
    assert "0912 345 678" in heading.group(1) or "reports" in heading.group(1)
    assert "2 reports" in heading.group(1)
    # The hash stays as a reference.
    assert cluster.pk in html


def test_unknown_event_is_never_shown_as_its_code(world):
    from django.utils.translation import override

    from ctip.core.events import event_label, target_label

    with override("en"):
        assert event_label("SOMETHING_NEW") == "Other event"
        assert target_label("cases.case", 12) == "Case #12"
        assert "core.user" not in target_label("core.user", 12)
    assert case_actions  # the cases app is loaded for its models' names


@pytest.mark.parametrize("language", ["en", "vi"])
def test_screening_interview_reads_in_one_language(world, client_for, language):
    """The questionnaire's words come from the catalogue: each section shows its questions
    and answers in the reader's language and none in the other."""
    from ctip.cases.engine.questionnaire import load_questionnaire
    from ctip.cases.labels import label_in

    questionnaire = load_questionnaire()
    other = "vi" if language == "en" else "en"
    worker = world.users["case_worker"]
    case = make_case(worker)
    client = client_for(worker)
    for number, stage in enumerate(questionnaire.stages, start=1):
        url = f"/cases/{case.pk}/screening/?lang={language}&section={number}"
        text = html.unescape(_text(_page(client, url, language)))
        for question in questionnaire.by_stage(stage.code):
            assert label_in(question.text, language) in text
            assert label_in(question.text, other) not in text, question.id


def test_every_engine_label_has_a_vietnamese_translation():
    """What the engines show (the questionnaires, statuses, channels, scales, support) is
    translated: a label missing from the catalogue would read in English on a Vietnamese
    page (``make translations-check`` refuses it too)."""
    from ctip.cases.engine.followup import OUTCOME_DOMAINS
    from ctip.cases.engine.labels import Label
    from ctip.cases.engine.questionnaire import DIMENSION_LABELS, catalogue_messages
    from ctip.cases.engine.support import SUPPORT_TYPES
    from ctip.cases.engine.workflow import (
        CASE_STATUS_LABELS,
        EXIT_MODE_LABELS,
        INTAKE_CHANNEL_LABELS,
    )
    from ctip.cases.labels import label_in

    labels = [Label(m) for m in catalogue_messages()]
    labels += [*CASE_STATUS_LABELS.values(), *EXIT_MODE_LABELS.values()]
    labels += [*INTAKE_CHANNEL_LABELS.values(), *DIMENSION_LABELS.values()]
    labels += [t.label for t in SUPPORT_TYPES.values()]
    labels += [level for scale in OUTCOME_DOMAINS.values() for level in scale.levels]
    untranslated = [x.msgid for x in labels if label_in(x, "vi") == x.msgid]
    assert untranslated == []


@pytest.mark.parametrize("language", ["en", "vi"])
def test_job_offer_signs_read_in_one_language(client, language, db):
    """The job-offer check explains each sign from the catalogue, in the reader's language."""
    from django.utils.translation import gettext, override

    from ctip.screening.engine.rules import RULE_BY_CODE

    client.cookies["ctip_language"] = language
    post = "Tuyển gấp việc nhẹ lương cao 30 triệu/tháng tại Campuchia, bao vé máy bay."
    text = html.unescape(_text(client.post("/check/", {"text": post}).content.decode()))
    rule = RULE_BY_CODE["EASY_JOB_HIGH_PAY"]
    other = "vi" if language == "en" else "en"
    with override(language):
        assert gettext(rule.explanation) in text
    with override(other):
        assert gettext(rule.explanation) not in text
