"""The screening interview: a versioned questionnaire as data, and its ILO-based scoring.

Scoring follows the combination method of the ILO/European Commission "Operational
indicators of trafficking in human beings" (Delphi survey, ILO 2009, revised September
2009): indicators are grouped in six dimensions and graded strong, medium or weak; a
dimension is positive on enough of them; trafficking is presumed when recruitment,
exploitation and coercion dimensions are all positive. The exact rules are in
``dimension_positive`` and ``score`` and documented in docs/apps/cases.md. The result is a
recommendation for an authorised officer, never a decision.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ctip.cases.engine.labels import Label

DEFAULT_VERSION = "2025.3"


class Dimension(StrEnum):
    DECEPTIVE_RECRUITMENT = "deceptive_recruitment"
    COERCIVE_RECRUITMENT = "coercive_recruitment"
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability"
    EXPLOITATIVE_CONDITIONS = "exploitative_conditions"
    COERCION_AT_DESTINATION = "coercion_at_destination"
    VULNERABILITY_AT_DESTINATION = "vulnerability_at_destination"


DIMENSION_LABELS: Mapping[Dimension, Label] = {
    Dimension.DECEPTIVE_RECRUITMENT: Label("Deceptive recruitment"),
    Dimension.COERCIVE_RECRUITMENT: Label("Coercive recruitment"),
    Dimension.ABUSE_OF_VULNERABILITY: Label("Recruitment by abuse of vulnerability"),
    Dimension.EXPLOITATIVE_CONDITIONS: Label("Exploitative conditions of work"),
    Dimension.COERCION_AT_DESTINATION: Label("Coercion at destination"),
    Dimension.VULNERABILITY_AT_DESTINATION: Label("Abuse of vulnerability at destination"),
}

RECRUITMENT_DIMENSIONS = frozenset(
    {
        Dimension.DECEPTIVE_RECRUITMENT,
        Dimension.COERCIVE_RECRUITMENT,
        Dimension.ABUSE_OF_VULNERABILITY,
    }
)
DESTINATION_DIMENSIONS = frozenset(
    {Dimension.COERCION_AT_DESTINATION, Dimension.VULNERABILITY_AT_DESTINATION}
)


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class Recommendation(StrEnum):
    PRESUMED_VICTIM = "presumed_victim"
    POSSIBLE_VICTIM = "possible_victim"
    NO_INDICATORS = "no_indicators"


RECOMMENDATION_LABELS: Mapping[Recommendation, Label] = {
    Recommendation.PRESUMED_VICTIM: Label("Presumed victim of trafficking"),
    Recommendation.POSSIBLE_VICTIM: Label("Possible victim: verify further"),
    Recommendation.NO_INDICATORS: Label("No indicators found"),
}


class ScreeningError(ValueError):
    """Answers that do not fit the questionnaire; names the question at fault."""

    def __init__(self, question_id: str, message: str) -> None:
        super().__init__(f"{question_id}: {message}")
        self.question_id = question_id


@dataclass(frozen=True, slots=True)
class Option:
    code: str
    label: Label


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    stage: str
    text: Label
    kind: str
    options: tuple[Option, ...]
    dimension: Dimension | None
    strength: Strength | None
    indicator: Label | None
    indicating: frozenset[str]
    flag: str | None
    sensitive: bool
    # Enough on its own to make its dimension positive (forced criminality, Law 53/2024).
    sufficient: bool = False

    @property
    def option_codes(self) -> frozenset[str]:
        return frozenset(option.code for option in self.options)


@dataclass(frozen=True, slots=True)
class Stage:
    code: str
    label: Label


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: Label
    source: str
    stages: tuple[Stage, ...]
    questions: tuple[Question, ...]
    flags: Mapping[str, Label]
    not_answered: frozenset[str]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise ScreeningError(question_id, f"unknown question in version {self.version}")

    def by_stage(self, stage: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.stage == stage)


@dataclass(frozen=True, slots=True)
class IndicatorFound:
    question_id: str
    dimension: Dimension
    strength: Strength
    indicator: Label
    sufficient: bool = False


@dataclass(frozen=True, slots=True)
class DimensionResult:
    dimension: Dimension
    strong: int
    medium: int
    weak: int
    positive: bool


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    version: str
    recommendation: Recommendation
    rule: Label
    indicators: tuple[IndicatorFound, ...]
    dimensions: Mapping[Dimension, DimensionResult]
    flags: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def label(self) -> Label:
        return RECOMMENDATION_LABELS[self.recommendation]


def dimension_positive(strong: int, medium: int, weak: int) -> bool:
    """The ILO 2009 rule for one dimension; weak indicators alone never suffice."""
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )


def questionnaire_path(version: str) -> Path:
    name = f"screening_{version}.json"
    resource = resources.files("ctip.cases.engine").joinpath("data", name)
    if not resource.is_file():
        raise LookupError(f"no screening questionnaire version {version!r}")
    return Path(str(resource))


@cache
def load_questionnaire(version: str = DEFAULT_VERSION) -> Questionnaire:
    with questionnaire_path(version).open(encoding="utf-8") as handle:
        return parse_questionnaire(json.load(handle))


def versions() -> tuple[str, ...]:
    """Every questionnaire version this installation holds (past interviews keep theirs)."""
    data = resources.files("ctip.cases.engine").joinpath("data")
    names = (r.name for r in data.iterdir() if r.name.startswith("screening_"))
    return tuple(sorted(n.removeprefix("screening_").removesuffix(".json") for n in names))


def catalogue_messages() -> Iterator[str]:
    """The English text of every questionnaire, the message ids its Vietnamese
    translation is kept under: ``makemessages`` adds them to the cases catalogue."""
    for version in versions():
        questionnaire = load_questionnaire(version)
        yield questionnaire.title.msgid
        yield from (stage.label.msgid for stage in questionnaire.stages)
        yield from (label.msgid for label in questionnaire.flags.values())
        for question in questionnaire.questions:
            yield question.text.msgid
            yield from (option.label.msgid for option in question.options)
            if question.indicator is not None:
                yield question.indicator.msgid


def parse_questionnaire(data: Mapping[str, Any]) -> Questionnaire:
    """Build and check a questionnaire; a broken data file fails here, not mid-interview."""
    yes_no = tuple(_option(o) for o in data["yes_no_options"])
    stages = tuple(Stage(s["code"], _label(s["label"])) for s in data["stages"])
    stage_codes = {s.code for s in stages}
    flags = {f["code"]: _label(f["label"]) for f in data["flags"]}
    questions: list[Question] = []
    seen: set[str] = set()
    for raw in data["questions"]:
        qid = raw["id"]
        if qid in seen:
            raise ValueError(f"duplicate question id {qid!r}")
        seen.add(qid)
        if raw["stage"] not in stage_codes:
            raise ValueError(f"{qid}: unknown stage {raw['stage']!r}")
        if raw["kind"] == "yes_no":
            options = yes_no
        elif raw["kind"] in {"single", "multiple"}:
            options = tuple(_option(o) for o in raw["options"])
        else:
            raise ValueError(f"{qid}: unknown kind {raw['kind']!r}")
        dimension = Dimension(raw["dimension"]) if raw["dimension"] else None
        strength = Strength(raw["strength"]) if raw["strength"] else None
        if (dimension is None) != (strength is None):
            raise ValueError(f"{qid}: a dimension needs a strength and the reverse")
        flag = raw.get("flag")
        if flag is not None and flag not in flags:
            raise ValueError(f"{qid}: unknown flag {flag!r}")
        indicating = frozenset(raw["indicating"])
        if not indicating <= {o.code for o in options}:
            raise ValueError(f"{qid}: indicating answers are not among its options")
        if raw.get("sufficient") and dimension is None:
            raise ValueError(f"{qid}: only a scored question can suffice for its dimension")
        if (dimension or flag) and not indicating:
            raise ValueError(f"{qid}: scored or flagged but no answer indicates anything")
        questions.append(
            Question(
                id=qid,
                stage=raw["stage"],
                text=_label(raw["text"]),
                kind=raw["kind"],
                options=options,
                dimension=dimension,
                strength=strength,
                indicator=_label(raw["indicator"]) if raw.get("indicator") else None,
                indicating=indicating,
                flag=flag,
                sensitive=bool(raw.get("sensitive", False)),
                sufficient=bool(raw.get("sufficient", False)),
            )
        )
    return Questionnaire(
        version=data["version"],
        title=_label(data["title"]),
        source=data["source"],
        stages=stages,
        questions=tuple(questions),
        flags=flags,
        not_answered=frozenset(data["not_answered"]),
    )


Answer = str | Sequence[str]


def score(
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    *,
    minor_at_recruitment: bool = False,
) -> ScreeningResult:
    """Score answers into per-dimension indicators and a recommendation.

    ``answers`` maps question id to an option code, or to a list of codes for ``multiple``
    questions. Questions left out count as unanswered. ``minor_at_recruitment`` applies the
    child rule: the means of recruitment need not be shown for a person under 18.
    """
    indicators: list[IndicatorFound] = []
    flags: list[str] = []
    for question_id, answer in answers.items():
        question = questionnaire.question(question_id)
        chosen = _validate_answer(question, answer)
        if not chosen & question.indicating:
            continue
        if question.dimension is not None and question.strength is not None:
            indicators.append(
                IndicatorFound(
                    question.id,
                    question.dimension,
                    question.strength,
                    question.indicator or question.text,
                    question.sufficient,
                )
            )
        if question.flag is not None and question.flag not in flags:
            flags.append(question.flag)

    unanswered = tuple(
        q.id
        for q in questionnaire.questions
        if q.id not in answers or _as_set(answers[q.id]) <= questionnaire.not_answered
    )
    dimensions = {d: _dimension_result(d, indicators) for d in Dimension}
    recommendation, rule = _recommend(dimensions, indicators, minor_at_recruitment)
    return ScreeningResult(
        version=questionnaire.version,
        recommendation=recommendation,
        rule=rule,
        indicators=tuple(indicators),
        dimensions=dimensions,
        flags=tuple(flags),
        unanswered=unanswered,
    )


def _recommend(
    dimensions: Mapping[Dimension, DimensionResult],
    indicators: Sequence[IndicatorFound],
    minor: bool,
) -> tuple[Recommendation, Label]:
    if not indicators:
        return Recommendation.NO_INDICATORS, Label("No answer showed an indicator.")
    recruitment = any(dimensions[d].positive for d in RECRUITMENT_DIMENSIONS)
    exploitation = dimensions[Dimension.EXPLOITATIVE_CONDITIONS].positive
    destination = any(dimensions[d].positive for d in DESTINATION_DIMENSIONS)
    if not minor and recruitment and exploitation and destination:
        return Recommendation.PRESUMED_VICTIM, Label(
            "Recruitment (deceptive, coercive or by abuse of vulnerability) + exploitative "
            "conditions + coercion or abuse of vulnerability at destination are all positive "
            "(ILO 2009)."
        )
    any_recruitment = any(i.dimension in RECRUITMENT_DIMENSIONS for i in indicators)
    if minor and any_recruitment and exploitation:
        return Recommendation.PRESUMED_VICTIM, Label(
            "Child: an indicator of recruitment and positive exploitative conditions; the "
            "means need not be shown."
        )
    return Recommendation.POSSIBLE_VICTIM, Label(
        "Indicators found, but not every element required by the ILO 2009 rules."
    )


def _dimension_result(
    dimension: Dimension, indicators: Sequence[IndicatorFound]
) -> DimensionResult:
    counts = dict.fromkeys(Strength, 0)
    for indicator in indicators:
        if indicator.dimension is dimension:
            counts[indicator.strength] += 1
    strong, medium, weak = counts[Strength.STRONG], counts[Strength.MEDIUM], counts[Strength.WEAK]
    sufficient = any(i.sufficient and i.dimension is dimension for i in indicators)
    return DimensionResult(
        dimension, strong, medium, weak, sufficient or dimension_positive(strong, medium, weak)
    )


def _validate_answer(question: Question, answer: Answer) -> frozenset[str]:
    if question.kind == "multiple":
        if isinstance(answer, str) or not isinstance(answer, Sequence):
            raise ScreeningError(question.id, "expects a list of option codes")
        chosen = frozenset(answer)
        if not chosen:
            raise ScreeningError(question.id, "expects at least one option code")
    else:
        if not isinstance(answer, str):
            raise ScreeningError(question.id, "expects one option code")
        chosen = frozenset({answer})
    unknown = chosen - question.option_codes
    if unknown:
        valid = ", ".join(sorted(question.option_codes))
        raise ScreeningError(
            question.id, f"invalid answer {sorted(unknown)!r}; valid answers: {valid}"
        )
    return chosen


def _as_set(answer: Answer) -> frozenset[str]:
    return frozenset({answer}) if isinstance(answer, str) else frozenset(answer)


def _label(raw: str) -> Label:
    return Label(raw)


def _option(raw: Mapping[str, Any]) -> Option:
    return Option(raw["code"], _label(raw["label"]))
