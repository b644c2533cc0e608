"""``assess``: rules, entities and the calibrated model combined into one verdict."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .anchors import ANCHORS, split
from .entities import extract_all
from .features import Draft, Features, chunk, complete, drafts, tokens_of_parts
from .lookup import IndicatorFact, IndicatorLookup, IndicatorQuery
from .model import Model, default_model, softmax
from .rules import ENTITY_RULE_BY_CODE, Rule, evaluate, flags_of
from .text import InvalidText, detect_language, fold, validate
from .types import (
    Assessment,
    Category,
    Entities,
    EntityRows,
    Flag,
    FlagRow,
    Level,
    entities_of,
    gettext_noop,
)

# Shifts, in calibrated log-odds, that registry facts apply. A licensed recruiter is
# strong evidence of lawful recruitment but names can be borrowed, so it does not erase
# every other sign; each report of a phone or site adds less than the one before.
LICENSED_SHIFT = 2.0
# A fee above the legal cap is what debt bondage starts with.
FEE_OVER_CAP_SHIFT = 1.5
REPORTED_SHIFT = 2.0
REPORTED_SHIFT_PER_LOG_REPORT = 0.5

# Levels over the risk (probability that the post is a lure or a scam).
HIGH_RISK = 0.7
MEDIUM_RISK = 0.4
# A model fitted on some 1,400 posts cannot tell certainty from very high odds: the
# risk it reports stays within these bounds.
MIN_RISK = 0.01
MAX_RISK = 0.99
# Bands of the calibrated risk, the highest first: what the page and the API say in
# words instead of a percentage ("of posts that score like this, about 7 to 9 in 10
# are harmful").
BANDS: tuple[tuple[float, str], ...] = (
    (0.9, "very_likely"),
    (0.7, "likely"),
    (0.3, "uncertain"),
    (0.1, "unlikely"),
    (0.0, "very_unlikely"),
)


def band(risk: float) -> str:
    """The band of a calibrated risk, e.g. ``"likely"`` for 0.7 up to 0.9."""
    return next(name for lower, name in BANDS if risk >= lower)


# Signs only a registry gives; they are not model features, so they stay out of ALL_CODES.
LOOKUP_RULES = {
    "LOOKUP_LICENCE_MISMATCH": Rule(
        "LOOKUP_LICENCE_MISMATCH",
        "risk",
        gettext_noop(
            "The enterprise is on the register, but its licence does not cover what this post "
            "offers."
        ),
    ),
    "LOOKUP_FEE_OVER_CAP": Rule(
        "LOOKUP_FEE_OVER_CAP",
        "risk",
        gettext_noop("The fee is above the legal cap on what a worker may be charged."),
    ),
}


def _query(entities: Entities, text: str = "") -> IndicatorQuery:
    return IndicatorQuery(
        phones=tuple(dict.fromkeys(p.e164 for p in entities.phones)),
        domains=tuple(dict.fromkeys(u.domain for u in entities.urls)),
        handles=tuple(dict.fromkeys(c.handle for c in entities.contacts if c.handle)),
        recruiter_names=tuple(dict.fromkeys(r.name for r in entities.recruiters)),
        licence_numbers=tuple(dict.fromkeys(lic.number for lic in entities.licences)),
        destinations=tuple(dict.fromkeys(d.country for d in entities.destinations if d.country)),
        pay=tuple((p.start, p.end, p.vnd_month) for p in entities.pay if p.vnd_month),
        text=text,
    )


def _fact_span(fact: IndicatorFact, entities: Entities) -> tuple[int, int]:
    spans = (
        [(p.start, p.end) for p in entities.phones if p.e164 == fact.value]
        + [(u.start, u.end) for u in entities.urls if u.domain == fact.value]
        + [(c.start, c.end) for c in entities.contacts if c.handle == fact.value]
        + [(r.start, r.end) for r in entities.recruiters if r.name == fact.value]
        + [(lic.start, lic.end) for lic in entities.licences if lic.number == fact.value]
    )
    return spans[0] if spans else (0, 0)


_FACT_CODES = {
    "licensed_recruiter": "LOOKUP_LICENSED_RECRUITER",
    "licence_mismatch": "LOOKUP_LICENCE_MISMATCH",
    "fee_over_cap": "LOOKUP_FEE_OVER_CAP",
    "reported_indicator": "LOOKUP_REPORTED_INDICATOR",
}


def _fact_flag(fact: IndicatorFact, entities: Entities) -> Flag:
    code = _FACT_CODES[fact.kind]
    rule = ENTITY_RULE_BY_CODE.get(code) or LOOKUP_RULES[code]
    if fact.start is not None and fact.end is not None:
        start, end = fact.start, fact.end
    else:
        start, end = _fact_span(fact, entities)
    return Flag(
        code,
        start,
        end,
        rule.polarity,
        rule.explanation,
        reports=fact.reports,
        detail=fact.detail,
    )


def _level(risk: float, category: Category) -> Level:
    if risk >= HIGH_RISK:
        return "high"
    # A lure is never shown as low: the cost of missing one is a person's freedom.
    if risk >= MEDIUM_RISK or category == "trafficking_lure":
        return "medium"
    return "low"


class Analysis(NamedTuple):
    """What the rules, entities and features make of one post, before scoring."""

    language: str
    flags: list[FlagRow]
    entities: EntityRows
    features: Features


class Reading(NamedTuple):
    """A post read up to its features, the character n-grams not yet hashed: a batch
    chunk hashes those of all its posts at once (see ``analyses``)."""

    language: str
    flags: list[FlagRow]
    entities: EntityRows
    draft: Draft


def read(text: object) -> Reading:
    """Read a post up to the model's input; raise ``InvalidText`` when it cannot be."""
    (reading,) = read_all([text])
    if isinstance(reading, InvalidText):
        raise reading
    return reading


def _checked(text: object) -> str | InvalidText:
    try:
        return validate(text)
    except InvalidText as exc:
        return exc


def read_all(texts: Sequence[object]) -> list[Reading | InvalidText]:
    """``read`` of each text, or the ``InvalidText`` it raises, in order.

    The same stages as ``read`` gives one text after another, but each run over every
    text before the next: over a batch chunk's posts this costs about a fifth less CPU
    time, most likely because a stage's code, memos and patterns stay in the
    processor's caches while it runs (see docs/performance.md). Each text's reading
    depends on that text alone.
    """
    checked = list(map(_checked, texts))
    folded = [fold(text) for text in checked if isinstance(text, str)]
    lowered = [f.folded for f in folded]
    parts = list(map(split, lowered))
    raw = list(map(tokens_of_parts, lowered, parts))
    languages = list(map(detect_language, folded, raw))
    located = list(map(ANCHORS.locate, lowered, parts))
    entities = extract_all(folded, located)
    flags = list(map(evaluate, folded, entities, located))
    readings = map(
        Reading, languages, flags, entities, drafts(folded, flags, entities, languages, raw)
    )
    return [next(readings) if isinstance(text, str) else text for text in checked]


def analyses(readings: Sequence[Reading]) -> list[Analysis]:
    """The analyses of posts already read, their features completed together."""
    features = complete([r.draft for r in readings])
    return [
        Analysis(r.language, r.flags, r.entities, f)
        for r, f in zip(readings, features, strict=True)
    ]


def analyse(text: object) -> Analysis:
    """Read a post up to the model's input; raise ``InvalidText`` when it cannot be."""
    return analyses([read(text)])[0]


Verdict = tuple[Category, float, Level]


def verdict(classes: Sequence[str], probs: list[float]) -> Verdict:
    """The category, risk and level of a post from its class probabilities."""
    # The first class of the highest probability, as numpy's argmax picks it.
    category: Category = classes[max(range(len(probs)), key=probs.__getitem__)]  # type: ignore[assignment]
    risk = round(1.0 - round(probs[classes.index("legitimate")], 4), 4)
    risk = min(MAX_RISK, max(MIN_RISK, risk))
    return category, risk, _level(risk, category)


def assess(
    text: object, lookup: IndicatorLookup | None = None, *, model: Model | None = None
) -> Assessment:
    """Assess a job post; raise ``InvalidText`` when it cannot be read as one.

    ``lookup``, when given, is asked about the phones, domains, handles, recruiter
    names and licence numbers the post names; licensed recruiters lower the risk and
    reported indicators raise it, each with its own flag.
    """
    analysis = analyse(text)
    model = model or default_model()
    logits = model.calibrated_logits([analysis.features])[0]
    flags = flags_of(analysis.flags)
    entities = entities_of(analysis.entities)
    if lookup is not None:
        facts = lookup.facts(_query(entities, validate(text)))
        legit = model.classes.index("legitimate")
        harmful = np.ones(len(model.classes), dtype=bool)
        harmful[legit] = False
        for fact in facts:
            flags.append(_fact_flag(fact, entities))
            if fact.kind == "licensed_recruiter":
                logits[legit] += LICENSED_SHIFT
            elif fact.kind == "licence_mismatch":
                pass
            elif fact.kind == "fee_over_cap":
                logits[harmful] += FEE_OVER_CAP_SHIFT
            else:
                shift = REPORTED_SHIFT + REPORTED_SHIFT_PER_LOG_REPORT * math.log1p(fact.reports)
                logits[harmful] += shift
        flags.sort(key=lambda f: (f.start, f.end, f.code))
    probs = softmax(logits).tolist()
    category, risk, level = verdict(model.classes, probs)
    return Assessment(
        category=category,
        risk=risk,
        level=level,
        language=analysis.language,
        flags=tuple(flags),
        entities=entities,
        probabilities={c: round(p, 4) for c, p in zip(model.classes, probs, strict=True)},
    )


def verdicts(readings: Sequence[Reading], model: Model | None = None) -> list[Verdict]:
    """The verdicts of posts already read, their features built and scored together
    for the whole chunk (what batch runs; see ``features.chunk``).

    Each is what ``assess`` gives for the same text without a lookup.
    """
    if not readings:
        return []
    model = model or default_model()
    probs = softmax(model.scores(*chunk([r.draft for r in readings]))).tolist()
    return [verdict(model.classes, p) for p in probs]
