"""API of criminal proceedings: one operation per action, mounted at /api/v1/proceedings."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from ctip.core.auth import actor_of, needs
from ctip.proceedings import actions, figures, selectors
from ctip.proceedings.schemas import (
    AccusedIn,
    AccusedMeasureIn,
    AccusedOutcomeIn,
    AssetIn,
    AssetStatusIn,
    CaseFileOut,
    ChargeIn,
    CompensationIn,
    CriminalCaseLinkIn,
    CriminalCaseOut,
    DenunciationDetailOut,
    DenunciationIn,
    DenunciationOut,
    ExtensionIn,
    FileShareIn,
    InitiateIn,
    ProceedingsCreatedOut,
    ProceedingsFiguresOut,
    ProceedingsJointIn,
    ProceedingsTransferIn,
    ProceedingsVictimIn,
    ResolutionIn,
    SentenceIn,
    StageDecisionIn,
)

router = Router(tags=["proceedings"])


def _created(obj: object) -> Status:
    return Status(201, {"id": obj.pk})  # type: ignore[attr-defined]


@router.get("/denunciations", response=list[DenunciationOut], auth=needs("proceedings.view"))
def denunciation_list(request: HttpRequest, open_only: bool = False) -> list[object]:
    return list(selectors.denunciations(actor_of(request), open_only=open_only))


@router.post(
    "/denunciations", response={201: ProceedingsCreatedOut}, auth=needs("proceedings.receive")
)
def denunciation_receive(request: HttpRequest, payload: DenunciationIn) -> Status:
    found = actions.denunciation_receive(
        actor=actor_of(request), data=actions.DenunciationInput(**payload.dict())
    )
    return _created(found)


@router.get(
    "/denunciations/{denunciation_id}",
    response=DenunciationDetailOut,
    auth=needs("proceedings.view"),
)
def denunciation_detail(request: HttpRequest, denunciation_id: int) -> object:
    return selectors.denunciation(actor_of(request), denunciation_id)


@router.post(
    "/denunciations/{denunciation_id}/extensions",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.receive"),
)
def denunciation_extend(request: HttpRequest, denunciation_id: int, payload: ExtensionIn) -> Status:
    found = actions.denunciation_extend(
        actor=actor_of(request),
        data=actions.ExtensionInput(denunciation_id=denunciation_id, **payload.dict()),
    )
    return _created(found)


@router.post(
    "/denunciations/{denunciation_id}/resolution",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.decide"),
)
def denunciation_resolve(
    request: HttpRequest, denunciation_id: int, payload: ResolutionIn
) -> Status:
    found = actions.denunciation_resolve(
        actor=actor_of(request),
        data=actions.ResolutionInput(denunciation_id=denunciation_id, **payload.dict()),
    )
    return _created(found)


@router.get("/cases", response=list[CriminalCaseOut], auth=needs("proceedings.view"))
def case_list(request: HttpRequest, stage: str = "") -> list[object]:
    return list(selectors.criminal_cases(actor_of(request), stage=stage))


@router.post("/cases", response={201: ProceedingsCreatedOut}, auth=needs("proceedings.decide"))
def case_initiate(request: HttpRequest, payload: InitiateIn) -> Status:
    found = actions.case_initiate(
        actor=actor_of(request), data=actions.InitiateInput(**payload.dict())
    )
    return _created(found)


@router.get("/cases/{criminal_case_id}", response=CaseFileOut, auth=needs("proceedings.view"))
def case_file(request: HttpRequest, criminal_case_id: int) -> object:
    return selectors.case_file(actor_of(request), criminal_case_id)


@router.post(
    "/cases/{criminal_case_id}/decisions",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.decide"),
)
def case_decide(request: HttpRequest, criminal_case_id: int, payload: StageDecisionIn) -> Status:
    data = payload.dict()
    data["kind"] = str(data["kind"])
    found = actions.case_decide(
        actor=actor_of(request), data=actions.DecisionInput(case_id=criminal_case_id, **data)
    )
    return _created(found)


@router.post(
    "/cases/{criminal_case_id}/accused",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def accused_add(request: HttpRequest, criminal_case_id: int, payload: AccusedIn) -> Status:
    found = actions.accused_add(
        actor=actor_of(request),
        data=actions.AccusedInput(case_id=criminal_case_id, **payload.dict()),
    )
    return _created(found)


@router.post(
    "/accused/{accused_id}/charges",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def charge_add(request: HttpRequest, accused_id: int, payload: ChargeIn) -> Status:
    found = actions.charge_add(
        actor=actor_of(request), data=actions.ChargeInput(accused_id=accused_id, **payload.dict())
    )
    return _created(found)


@router.post(
    "/accused/{accused_id}/measures",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def measure_add(request: HttpRequest, accused_id: int, payload: AccusedMeasureIn) -> Status:
    found = actions.measure_add(
        actor=actor_of(request), data=actions.MeasureInput(accused_id=accused_id, **payload.dict())
    )
    return _created(found)


@router.post(
    "/accused/{accused_id}/outcome",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def outcome_record(request: HttpRequest, accused_id: int, payload: AccusedOutcomeIn) -> Status:
    found = actions.outcome_record(
        actor=actor_of(request), data=actions.OutcomeInput(accused_id=accused_id, **payload.dict())
    )
    return _created(found)


@router.post(
    "/charges/{charge_id}/sentence",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def sentence_record(request: HttpRequest, charge_id: int, payload: SentenceIn) -> Status:
    fine = payload.fine.vnd if payload.fine is not None else None
    found = actions.sentence_record(
        actor=actor_of(request),
        data=actions.SentenceInput(
            charge_id=charge_id, kind=payload.kind, months=payload.months, fine_vnd=fine
        ),
    )
    return _created(found)


@router.post(
    "/cases/{criminal_case_id}/victims",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def victim_add(request: HttpRequest, criminal_case_id: int, payload: ProceedingsVictimIn) -> Status:
    data = payload.dict()
    data["protection_measures"] = tuple(str(m) for m in data["protection_measures"])
    found = actions.victim_add(
        actor=actor_of(request), data=actions.VictimInput(case_id=criminal_case_id, **data)
    )
    return _created(found)


@router.post(
    "/victims/{victim_id}/compensation",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def victim_compensation(request: HttpRequest, victim_id: int, payload: CompensationIn) -> Status:
    found = actions.victim_compensation(
        actor=actor_of(request),
        data=actions.CompensationInput(
            victim_id=victim_id,
            ordered_vnd=payload.ordered.vnd if payload.ordered is not None else None,
            paid_vnd=payload.paid.vnd if payload.paid is not None else None,
        ),
    )
    return _created(found)


@router.post(
    "/cases/{criminal_case_id}/links",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def link_add(request: HttpRequest, criminal_case_id: int, payload: CriminalCaseLinkIn) -> Status:
    found = actions.link_add(
        actor=actor_of(request), data=actions.LinkInput(case_id=criminal_case_id, **payload.dict())
    )
    return _created(found)


@router.post(
    "/cases/{criminal_case_id}/assets",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
)
def asset_record(request: HttpRequest, criminal_case_id: int, payload: AssetIn) -> Status:
    found = actions.asset_record(
        actor=actor_of(request),
        data=actions.AssetInput(
            case_id=criminal_case_id,
            description=payload.description,
            amount_vnd=payload.amount.vnd if payload.amount is not None else 0,
            status=payload.status,
            status_on=payload.status_on,
            returned_to_id=payload.returned_to_id,
        ),
    )
    return _created(found)


@router.post(
    "/assets/{asset_id}/status",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
    summary="Move an asset on: frozen, recovered, returned to a victim",
)
def asset_status(request: HttpRequest, asset_id: int, payload: AssetStatusIn) -> Status:
    found = actions.asset_status(
        actor=actor_of(request),
        data=actions.AssetStatusInput(
            asset_id=asset_id,
            status=payload.status,
            status_on=payload.status_on,
            returned_to_id=payload.returned_to_id,
        ),
    )
    return _created(found)


@router.post(
    "/cases/{criminal_case_id}/shares",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.share"),
)
def file_share(request: HttpRequest, criminal_case_id: int, payload: FileShareIn) -> Status:
    found = actions.file_share(
        actor=actor_of(request),
        data=actions.ShareInput(case_id=criminal_case_id, agency_id=payload.agency_id),
    )
    return _created(found)


@router.delete(
    "/cases/{criminal_case_id}/shares/{agency_id}",
    response={204: None},
    auth=needs("proceedings.share"),
)
def file_share_revoke(request: HttpRequest, criminal_case_id: int, agency_id: int) -> Status:
    actions.file_share_revoke(
        actor=actor_of(request),
        data=actions.ShareInput(case_id=criminal_case_id, agency_id=agency_id),
    )
    return Status(204, None)


@router.post(
    "/cases/{criminal_case_id}/joint-investigations",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.share"),
    summary="Share the case with a counterpart abroad as a joint investigation",
)
def joint_share(request: HttpRequest, criminal_case_id: int, payload: ProceedingsJointIn) -> Status:
    found = actions.joint_share(
        actor=actor_of(request),
        data=actions.JointShareInput(
            case_id=criminal_case_id,
            counterpart_id=payload.counterpart_id,
            summary=payload.summary,
        ),
    )
    return _created(found)


@router.post(
    "/accused/{accused_id}/transfers",
    response={201: ProceedingsCreatedOut},
    auth=needs("proceedings.record"),
    summary="Record an accused person extradited, transferred or handed over",
)
def accused_transfer(
    request: HttpRequest, accused_id: int, payload: ProceedingsTransferIn
) -> Status:
    found = actions.accused_transfer(
        actor=actor_of(request),
        data=actions.TransferInput(
            accused_id=accused_id,
            joint_id=payload.joint_id,
            kind=payload.kind.value,
            direction=payload.direction.value,
            transferred_on=payload.transferred_on,
        ),
    )
    return _created(found)


class ProceedingsPeriodIn(Schema):
    start: dt.date
    end: dt.date


@router.get("/figures", response=ProceedingsFiguresOut, auth=needs("stats.view"))
def figures_table(request: HttpRequest, period: Query[ProceedingsPeriodIn]) -> dict[str, object]:
    if period.end < period.start or (period.end - period.start).days > 3660:
        raise ValidationError(
            {"end": _("The period ends before it starts or spans over ten years.")}
        )
    table = figures.proceedings_table(period.start, period.end)
    return {
        "start": table.period.start,
        "end": table.period.end,
        "previous_start": table.period.previous().start,
        "previous_end": table.period.previous().end,
        "current": asdict(table.current),
        "previous": asdict(table.previous),
        "change": table.change,
    }
