"""The screening interview read as questions and sentences, and the non-punishment note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import override

from ctip.cases.engine.labels import Label
from ctip.cases.engine.non_punishment import (
    Coercion,
    ForcedAct,
    ForcedActRecord,
    build_note,
    render_note,
)
from ctip.cases.engine.questionnaire import load_questionnaire
from ctip.cases.labels import label, label_in
from ctip.cases.models import (
    Case,
    NonPunishmentStatement,
    ScreeningDraft,
    ScreeningInterview,
)
from ctip.core import audit
from ctip.core.models import User
from ctip.core.scope import visible


@dataclass(frozen=True)
class AnswerView:
    question: str
    stage: str
    answer: str
    hidden: bool


def screening_answers(actor: User, interview: ScreeningInterview, lang: str) -> list[AnswerView]:
    """Answers with their questions; sensitive ones hidden without cases.view_sensitive."""
    questionnaire = load_questionnaire(interview.questionnaire_version)
    sensitive_ok = actor.has_ctip_perm("cases.view_sensitive")
    answers: dict[str, Any] = interview.answers or {}
    rows: list[AnswerView] = []
    for question in questionnaire.questions:
        if question.id not in answers:
            continue
        hidden = question.sensitive and not sensitive_ok
        options = {o.code: label_in(o.label, lang) for o in question.options}
        raw = answers[question.id]
        codes = [raw] if isinstance(raw, str) else list(raw)
        rows.append(
            AnswerView(
                question=label_in(question.text, lang),
                stage=question.stage,
                answer="" if hidden else ", ".join(options.get(c, c) for c in codes),
                hidden=hidden,
            )
        )
    return rows


def screening_indicators(actor: User, interview: ScreeningInterview) -> list[dict[str, str]]:
    questionnaire = load_questionnaire(interview.questionnaire_version)
    sensitive_ok = actor.has_ctip_perm("cases.view_sensitive")
    shown = []
    for item in (interview.result or {}).get("indicators", []):
        question = questionnaire.question(item["question"])
        if question.sensitive and not sensitive_ok:
            continue
        # The finding in the reader's language, never the question's code.
        shown.append({**item, "label": label(question.indicator or question.text)})
    return shown


@dataclass(frozen=True)
class NoteFile:
    """The non-punishment note of a case as it is printed, with who printed it."""

    case: str
    language: str
    text: str
    printed_by: str


def note_file(actor: User, found: Case, lang: str) -> NoteFile:
    """The note in ``lang`` (its text "" if no forced acts are recorded); raises the
    engine's ``NonPunishmentError`` if the statements no longer make a valid note."""
    return NoteFile(found.reference, lang, non_punishment_note(found, lang), actor.username)


def non_punishment_note(found: Case, lang: str) -> str:
    """The printable note from the case's statements ("" if none); raises the engine's
    ``NonPunishmentError`` if they no longer make a valid note."""
    statements = list(
        NonPunishmentStatement.objects.filter(case=found).select_related("recorded_by")
    )
    if not statements:
        return ""
    records = [
        ForcedActRecord(
            act=ForcedAct(a["act"]),
            coercion=tuple(Coercion(c) for c in a["coercion"]),
            description=a.get("description", ""),
            place=a.get("place", ""),
            period=a.get("period", ""),
        )
        for s in statements
        for a in s.acts
    ]
    note = build_note(
        case_reference=found.reference,
        interview_date=statements[0].interviewed_on,
        interviewer=str(statements[0].recorded_by),
        acts=records,
    )
    with override(lang):
        date = date_format(note.interview_date, "SHORT_DATE_FORMAT")
    return render_note(note, lambda words: label_in(words, lang), date)


# Indicators named in the person's account ---------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One ILO dimension of a screening result, in sentences."""

    dimension: str
    positive: bool
    sentences: list[str]


def screening_findings(actor: User, interview: ScreeningInterview, lang: str) -> dict[str, Any]:
    """The result as sentences grouped by the ILO dimensions, in the reader's language:
    the rule that gave the recommendation, and for each dimension whether it is made out
    and the indicators found (sensitive ones only with ``cases.view_sensitive``)."""
    from ctip.cases.engine.questionnaire import DIMENSION_LABELS, Dimension

    questionnaire = load_questionnaire(interview.questionnaire_version)
    sensitive_ok = actor.has_ctip_perm("cases.view_sensitive")
    result = interview.result or {}
    positive = set(result.get("positive", []))
    grouped: dict[str, list[str]] = {}
    hidden = 0
    for item in result.get("indicators", []):
        question = questionnaire.question(item["question"])
        if question.sensitive and not sensitive_ok:
            hidden += 1
            continue
        label = question.indicator or question.text
        grouped.setdefault(item["dimension"], []).append(label_in(label, lang))
    findings = [
        Finding(
            label_in(DIMENSION_LABELS[dimension], lang),
            dimension.value in positive,
            grouped[dimension.value],
        )
        for dimension in Dimension
        if dimension.value in grouped
    ]
    rule = result.get("rule", {})
    return {
        "rule": label_in(Label(rule["en"]), lang) if rule.get("en") else "",
        "findings": findings,
        "hidden": hidden,
    }


@dataclass(frozen=True)
class DraftView:
    """The actor's own interview under way on a case, as it was last saved."""

    answers: dict[str, Any]
    interviewed_on: str | None
    minor: bool
    section: int
    updated_at: Any


def screening_draft(actor: User, case: Case) -> DraftView | None:
    """The draft this officer left on this case, if any; reading it is audited."""
    draft = (
        visible(ScreeningDraft.objects.all(), actor, "cases.screen")
        .filter(case=case, author=actor)
        .first()
    )
    if draft is None:
        return None
    audit.record_read(actor, draft.case, fields=["screening_draft"])
    state = draft.state or {}
    return DraftView(
        answers=dict(state.get("answers") or {}),
        interviewed_on=state.get("interviewed_on"),
        minor=bool(state.get("minor")),
        section=draft.section,
        updated_at=draft.updated_at,
    )
