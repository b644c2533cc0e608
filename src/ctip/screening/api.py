"""The screening API: anyone may check a post, rate-limited per address.

The body is read by hand rather than by a ninja schema so that every way a body can be
wrong (not UTF-8, not JSON, not an object, too large, wrong media type) gets its own
problem+json answer with a plain message, and none of them can become a 500.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import override
from ninja import Router
from pydantic import ValidationError as PydanticValidationError

from ctip.core.access import public
from ctip.core.models import Province
from ctip.core.problems import problem
from ctip.core.throttle import rate_limited
from ctip.screening import actions, checking, presentation
from ctip.screening.engine import Assessment, InvalidText, band
from ctip.screening.models import Source
from ctip.screening.schemas import AssessIn, AssessmentOut

router = Router(tags=["screening"])

REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": AssessIn.model_json_schema()}},
    }
}


def _records(items: tuple[Any, ...]) -> list[dict[str, Any]]:
    # Entities are flat dataclasses: a shallow copy is enough and much cheaper than
    # dataclasses.asdict, which deep-copies every value.
    return [{f.name: getattr(item, f.name) for f in fields(item)} for item in items]


def _band_label(risk: float) -> dict[str, str]:
    out = {}
    for language in ("vi", "en"):
        with override(language):
            label, meaning = presentation.band_words(risk)
            out[language] = f"{label}. {meaning}"
    return out


def _explanations(assessment: Assessment) -> list[list[str]]:
    out = []
    for language in ("vi", "en"):
        with override(language):
            out.append([presentation.explanation(f) for f in assessment.flags])
    return out


def _out(assessment: Assessment, kept: bool) -> HttpResponse:
    """The response body, serialised here: the shape is AssessmentOut (tested), and
    skipping ninja's per-field revalidation of our own output halves its cost."""
    entities = assessment.entities
    body = {
        "category": assessment.category,
        "risk": assessment.risk,
        "band": band(assessment.risk),
        "band_label": _band_label(assessment.risk),
        "level": assessment.level,
        "language": assessment.language,
        "flags": [
            {
                "code": f.code,
                "start": f.start,
                "end": f.end,
                "polarity": f.polarity,
                "explanation": {"vi": vi, "en": en},
            }
            for f, vi, en in zip(assessment.flags, *_explanations(assessment), strict=True)
        ],
        "entities": {f.name: _records(getattr(entities, f.name)) for f in fields(entities)},
        "kept": kept,
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")


def _payload(request: HttpRequest) -> AssessIn | HttpResponse:
    """The parsed body, or the problem response that says what is wrong with it."""
    if request.content_type != "application/json":
        return problem(415, _("Send the post as JSON: Content-Type: application/json."))
    charset = ((request.content_params or {}).get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        return problem(415, _("Send the body in UTF-8."))
    body = request.body
    if len(body) >= checking.MAX_POST_BYTES:
        return problem(413, checking.too_long_message(), max_bytes=checking.MAX_POST_BYTES)
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return problem(
            400,
            _("The body is not valid UTF-8 (bad byte at position %(pos)d).") % {"pos": exc.start},
        )
    try:
        data = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return problem(
            400,
            _("The body is not valid JSON: it goes wrong at line %(line)d, column %(col)d.")
            % {"line": exc.lineno, "col": exc.colno},
        )
    if not isinstance(data, dict):
        return problem(422, _('The body must be a JSON object such as {"text": "..."}.'))
    try:
        return AssessIn.model_validate(data, strict=True)
    except PydanticValidationError as exc:
        errors = [
            {"loc": [str(p) for p in e["loc"]], "msg": e["msg"]}
            for e in exc.errors(include_url=False)
        ]
        return problem(
            422,
            _(
                '"text" must be a string, "keep", if given, true or false, and '
                '"province", if given, a province code.'
            ),
            errors=errors,
        )


@router.post(
    "/assess",
    response=AssessmentOut,
    auth=None,
    summary="Check a job post",
    description=(
        'Public, rate-limited per client address. Body `{"text": "...", "keep": false}`; '
        "`keep: true` keeps a de-identified record for statistics (never the text). "
        "`province` (optional, a province code the person chose) is kept with it. "
        "Flag and entity offsets count Unicode code points into `text`."
    ),
    openapi_extra=REQUEST_BODY,
)
@public
@rate_limited("screening", lambda: settings.CTIP_SCREENING_RATE_PER_MINUTE)
def assess_post(request: HttpRequest) -> HttpResponse:
    payload = _payload(request)
    if isinstance(payload, HttpResponse):
        return payload
    if not payload.text.strip():
        return problem(422, checking.empty_message())
    try:
        assessment = checking.check(payload.text)
    except InvalidText as exc:
        return problem(422, checking.unreadable_message(), reason=str(exc))
    province = None
    if payload.province:
        province = Province.objects.filter(code=payload.province).first()
        if province is None:
            return problem(
                422, _("There is no province with the code %(code)s.") % {"code": payload.province}
            )
    if payload.keep:
        actions.check_save(
            actor=None,
            assessment=assessment,
            source=Source.API,
            province=province,
            text=payload.text,
        )
    return _out(assessment, payload.keep)
