"""Audit event types are one enumeration per app, each with words: every code recorded
anywhere is declared with a label and a sentence in both languages, recording an undeclared
code is refused, and the timeline and the audit page read as sentences."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from django.db import transaction
from django.utils.translation import override

from ctip.core import audit, events
from ctip.core.events import CoreEvent, EventType
from ctip.core.models import AuditEvent, User
from tests.cases.factories import make_case

SRC = Path(__file__).resolve().parents[2] / "src" / "ctip"


def _referral_answers() -> set[str]:
    from ctip.cases.actions import ANSWERS

    return {f"REFERRAL_{status.value.upper()}" for status in ANSWERS.values()}


# Codes built at run time: the expression as written, and every code it can give.
BUILT = {"f'REFERRAL_{target.value.upper()}'": _referral_answers}


def _records(tree: ast.AST, imports_record: bool) -> list[ast.Call]:
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        by_module = (
            isinstance(func, ast.Attribute)
            and func.attr == "record"
            and isinstance(func.value, ast.Name)
            and func.value.id == "audit"
        )
        by_name = imports_record and isinstance(func, ast.Name) and func.id == "record"
        if by_module or by_name:
            calls.append(node)
    return calls


def _codes(expr: ast.expr, members: dict[str, EventType]) -> set[str]:
    """The codes an event-type argument can be: a string, an enum member, either of two."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name | ast.Attribute):
        owner = expr.value.id if isinstance(expr.value, ast.Name) else expr.value.attr
        member = members.get(f"{owner}.{expr.attr}")
        assert member is not None, f"{ast.unparse(expr)} is not a member of a registered enum"
        return {member.value}
    if isinstance(expr, ast.IfExp):
        return _codes(expr.body, members) | _codes(expr.orelse, members)
    built = BUILT.get(ast.unparse(expr))
    assert built is not None, (
        f"cannot tell which event {ast.unparse(expr)} records: use an enum member, or list "
        "the expression and its codes in BUILT"
    )
    return built()


def recorded_codes() -> dict[str, list[str]]:
    """Every code recorded in the source, with where it is recorded."""
    members = {f"{enum.__name__}.{m.name}": m for enum in events.enumerations() for m in enum}
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text()
        if "record(" not in text:
            continue
        tree = ast.parse(text)
        imports_record = path.name == "audit.py" and path.parent.name == "core"
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "ctip.core.audit":
                imports_record |= any(alias.name == "record" for alias in node.names)
        for call in _records(tree, imports_record):
            for code in _codes(call.args[0], members):
                found.setdefault(code, []).append(f"{path.relative_to(SRC)}:{call.lineno}")
    return found


def test_every_recorded_code_is_a_declared_event_type():
    found = recorded_codes()
    assert len(found) > 60  # the walk finds the calls
    missing = {code: where for code, where in found.items() if events.event_type(code) is None}
    assert not missing, f"recorded without a label (declare them in <app>/events.py): {missing}"


def test_each_app_declares_its_events_in_one_enumeration():
    names = {enum.__module__ for enum in events.enumerations()}
    assert names == {
        "ctip.core.events",
        "ctip.screening.events",
        "ctip.cases.events",
        "ctip.intel.events",
        "ctip.stats.events",
    }
    codes = [m.value for enum in events.enumerations() for m in enum]
    assert len(codes) == len(set(codes))
    assert not hasattr(events, "EVENT_LABELS")


def test_the_stored_codes_stay_as_they_were():
    from ctip.cases.events import CasesEvent
    from ctip.intel.events import IntelEvent

    assert CasesEvent.CASE_OPENED == "CASE_OPENED"
    assert IntelEvent.FREEZE_REQUEST_ISSUED.value == "FREEZE_REQUEST_ISSUED"
    assert CoreEvent.LOGIN == "LOGIN"
    for enum in events.enumerations():
        for member in enum:
            assert member.name == member.value


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("member", [m for e in events.enumerations() for m in e], ids=str)
def test_every_event_has_a_label_and_a_sentence_in_both_languages(member):
    assert member.sentence is not None
    with override("en"):
        label_en, sentence_en = str(member.label), str(member.sentence)
    with override("vi"):
        label_vi, sentence_vi = str(member.label), str(member.sentence)
    assert label_en, member
    assert label_vi != label_en, member
    assert sentence_en != sentence_vi, member
    assert _placeholders(sentence_en) <= {"actor", "target"}
    assert _placeholders(sentence_vi) == _placeholders(sentence_en), member
    assert member.value not in label_vi + sentence_vi


def test_recording_an_undeclared_code_is_refused_and_writes_nothing(world):
    before = AuditEvent.objects.count()
    with pytest.raises(events.UnknownEventType, match="SOMETHING_NEW"), transaction.atomic():
        audit.record("SOMETHING_NEW", actor=world.users["analyst"])
    assert AuditEvent.objects.count() == before


def test_a_declared_code_is_recorded_as_its_code(world):
    with transaction.atomic():
        by_member = audit.record(CoreEvent.SESSIONS_ENDED, actor=world.users["analyst"])
        by_code = audit.record("SESSIONS_ENDED", actor=world.users["analyst"])
    stored = AuditEvent.objects.filter(pk__in=[by_member.pk, by_code.pk])
    assert {type(e) for e in stored.values_list("event_type", flat=True)} == {str}
    assert set(stored.values_list("event_type", flat=True)) == {"SESSIONS_ENDED"}
    assert audit.verify().ok


def test_a_sentence_names_the_actor_and_the_target_in_words(world):
    worker = world.users["case_worker"]
    User.objects.filter(pk=worker.pk).update(display_name="Lan Nguyễn")
    worker.refresh_from_db()
    case = make_case(worker)
    event = AuditEvent.objects.select_related("actor").get(
        event_type="CASE_OPENED", target_id=str(case.pk)
    )
    with override("en"):
        assert events.sentence(event) == f"Lan Nguyễn opened Case #{case.pk}"
    with override("vi"):
        assert events.sentence(event) == f"Lan Nguyễn đã mở Hồ sơ #{case.pk}"
    # What no one signed in did is the platform's.
    created = AuditEvent.objects.filter(event_type="AGENCY_CREATED").first()
    with override("en"):
        assert events.sentence(created).startswith("The platform created Agency #")


def _text(html: str) -> str:
    html = re.sub(r"<(script|style|select)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("en", "Lan Nguyễn opened Case #{pk}"), ("vi", "Lan Nguyễn đã mở Hồ sơ #{pk}")],
)
def test_the_timeline_and_the_audit_page_read_as_sentences(world, client_for, language, sentence):
    worker = world.users["case_worker"]
    User.objects.filter(pk=worker.pk).update(display_name="Lan Nguyễn")
    case = make_case(worker)
    expected = sentence.format(pk=case.pk)
    for user, url in ((worker, f"/cases/{case.pk}/"), (world.users["auditor"], "/audit/")):
        client = client_for(user)
        client.cookies["ctip_language"] = language
        response = client.get(url)
        assert response.status_code == 200
        assert expected in _text(response.content.decode()), url


def test_the_audit_filter_offers_words_grouped_by_app(world, client_for):
    client = client_for(world.users["auditor"])
    client.cookies["ctip_language"] = "en"
    html = client.get("/audit/").content.decode()
    select = re.search(r'<select name="event_type".*?</select>', html, re.S)
    assert select is not None
    options = select.group(0)
    for group in ("Platform", "Victim protection", "Scam and recruiter intelligence"):
        assert f'<optgroup label="{group}">' in options
    assert ">Case opened</option>" in options
    assert ">Account created</option>" in options
    assert "CASE_OPENED" not in options
    assert "USER_CREATED" not in options
    # In the reader's alphabetical order.
    client.cookies["ctip_language"] = "vi"
    vi = client.get("/audit/").content.decode()
    assert vi.index(">Chấm dứt quyền xem") < vi.index(">Chuyển hồ sơ sang giai đoạn khác<")
    # Choosing a label filters by its event type; an unknown one is refused.
    client.cookies["ctip_language"] = "en"
    page = client.get("/audit/", {"event_type": "user_created"}).content.decode()
    rows = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    assert rows is not None
    assert "Account created" in rows.group(1)
    assert "Agency created" not in rows.group(1)
    assert client.get("/audit/", {"event_type": "NO_SUCH_EVENT"}).status_code == 400
