"""Importing a victimisation survey's microdata (weights and strata required)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ctip.core import audit
from ctip.core.models import User
from ctip.stats.engine.survey import read_csv
from ctip.stats.events import StatsEvent
from ctip.stats.models import Survey, SurveyResponse


@dataclass(frozen=True)
class SurveyInput:
    name: str
    data: bytes


def survey_import(*, actor: User, data: SurveyInput) -> Survey:
    """Refuses the whole file (``SurveyError``) if any row is unusable: nothing is kept."""
    with transaction.atomic():
        if not actor.has_ctip_perm("stats.release"):
            raise PermissionDenied("stats.release")
        responses = read_csv(data.data)
        survey = Survey.objects.create(
            name=data.name[:200],
            agency=actor.agency,
            imported_by=actor,
            respondents=len(responses),
        )
        SurveyResponse.objects.bulk_create(
            (
                SurveyResponse(
                    survey=survey,
                    year=r.year,
                    stratum=r.stratum[:60],
                    psu=r.psu[:60],
                    weight=r.weight,
                    victim=bool(r.victim),
                )
                for r in responses
            ),
            batch_size=5000,
        )
        years = sorted({r.year for r in responses})
        audit.record(
            StatsEvent.STATS_SURVEY_IMPORTED,
            actor=actor,
            target=survey,
            data={"respondents": len(responses), "years": years},
        )
        return survey
