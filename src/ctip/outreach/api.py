"""The outreach API under /api/v1/outreach/: subscriber lists, the do-not-contact list,
campaigns, public warnings and training, one operation for each action."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from ctip.core.access import public
from ctip.core.auth import actor_of, needs
from ctip.core.schemas import Id
from ctip.core.throttle import rate_limited
from ctip.outreach import actions, selectors
from ctip.outreach.schemas import (
    AttendeesIn,
    CampaignIn,
    CampaignOut,
    CampaignRowOut,
    CampaignScheduleIn,
    CourseIn,
    CourseOut,
    DoNotContactIn,
    DoNotContactOut,
    FromNetworkIn,
    ListImportIn,
    ListImportOut,
    ListOut,
    OutreachCampaignOutcomesOut,
    OutreachFromLureIn,
    OutreachLuresOut,
    PublicWarningOut,
    SessionIn,
    SessionOut,
    WarningIn,
    WarningOut,
)

router = Router(tags=["outreach"])
PUBLIC_PER_MINUTE = 120


def _campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    view = selectors.campaign(actor_of(request), campaign_id)
    body = asdict(view)
    body["preview"]["problems"] = list(view.preview.problems)
    return body


@router.post(
    "/lists",
    response={201: ListImportOut},
    auth=needs("outreach.manage_subscribers"),
    summary="Import a subscriber list from CSV; bad rows are reported, not imported",
)
def list_import(request: HttpRequest, payload: ListImportIn) -> Any:
    result = actions.subscriber_list_import(
        actor=actor_of(request),
        data=actions.ListImportInput(name=payload.name, content=payload.csv.encode()),
    )
    return Status(201, asdict(result))


@router.get(
    "/lists",
    response=list[ListOut],
    auth=needs("outreach.run_campaigns"),
    summary="Subscriber lists of the agency",
)
def list_index(request: HttpRequest) -> Any:
    return [asdict(r) for r in selectors.subscriber_lists(actor_of(request))]


@router.post(
    "/do-not-contact",
    response=DoNotContactOut,
    auth=needs("outreach.manage_subscribers"),
    summary="Add numbers to the do-not-contact list",
)
def do_not_contact(request: HttpRequest, payload: DoNotContactIn) -> Any:
    result = actions.do_not_contact_add(
        actor=actor_of(request),
        data=actions.DoNotContactInput(tuple(payload.numbers), payload.reason),
    )
    return asdict(result)


def _campaign_input(payload: CampaignIn) -> actions.CampaignInput:
    return actions.CampaignInput(
        name=payload.name,
        text_vi=payload.text_vi,
        text_en=payload.text_en,
        variant=payload.variant,
        encoding=payload.encoding,
        max_parts=payload.max_parts,
        lists=tuple(payload.lists),
        provinces=tuple(payload.provinces),
        age_groups=tuple(payload.age_groups),
        channels=tuple(payload.channels),
    )


@router.get(
    "/campaigns",
    response=list[CampaignRowOut],
    auth=needs("outreach.run_campaigns"),
    summary="Campaigns of the agency",
)
def campaign_index(request: HttpRequest) -> Any:
    return [asdict(r) for r in selectors.campaigns(actor_of(request))]


@router.post(
    "/campaigns",
    response={201: CampaignOut},
    auth=needs("outreach.run_campaigns"),
    summary="Draft a campaign (refused if the text is too long for its encoding)",
)
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Any:
    campaign = actions.campaign_draft(actor=actor_of(request), data=_campaign_input(payload))
    return Status(201, _campaign(request, campaign.pk))


@router.get(
    "/campaigns/{campaign_id}",
    response=CampaignOut,
    auth=needs("outreach.run_campaigns"),
    summary="A campaign with its preview (parts, cost) and reach (delivered)",
)
def campaign_detail(request: HttpRequest, campaign_id: Id) -> Any:
    return _campaign(request, campaign_id)


@router.get(
    "/campaigns/{campaign_id}/outcomes",
    response=OutreachCampaignOutcomesOut,
    auth=needs("outreach.run_campaigns"),
    summary="Calls to 111 and scam reports in the targeted provinces against the others, "
    "weeks before and after the start, with the ratio of rate ratios and its 95% interval",
)
def campaign_outcomes(request: HttpRequest, campaign_id: Id, weeks: int = 4) -> Any:
    actor = actor_of(request)
    shown = selectors.campaign_outcomes(actor, campaign_id, weeks=weeks)
    actions.outcomes_shown(actor, shown)
    return shown


@router.put(
    "/campaigns/{campaign_id}",
    response=CampaignOut,
    auth=needs("outreach.run_campaigns"),
    summary="Change a draft campaign",
)
def campaign_update(request: HttpRequest, campaign_id: Id, payload: CampaignIn) -> Any:
    actions.campaign_draft(
        actor=actor_of(request), data=_campaign_input(payload), campaign_id=campaign_id
    )
    return _campaign(request, campaign_id)


@router.post(
    "/campaigns/{campaign_id}/schedule",
    response=CampaignOut,
    auth=needs("outreach.run_campaigns"),
    summary="Schedule a campaign inside 07:00-22:00; the worker sends it",
)
def campaign_schedule(request: HttpRequest, campaign_id: Id, payload: CampaignScheduleIn) -> Any:
    actions.campaign_schedule(
        actor=actor_of(request),
        campaign_id=campaign_id,
        data=actions.ScheduleInput(payload.starts_at),
    )
    return _campaign(request, campaign_id)


@router.post(
    "/campaigns/{campaign_id}/cancel",
    response=CampaignOut,
    auth=needs("outreach.run_campaigns"),
    summary="Cancel a campaign: what is not yet handed over is never sent",
)
def campaign_cancel(request: HttpRequest, campaign_id: Id) -> Any:
    actions.campaign_cancel(actor=actor_of(request), campaign_id=campaign_id)
    return _campaign(request, campaign_id)


@router.get(
    "/warnings",
    response=list[WarningOut],
    auth=needs("outreach.write_warnings"),
    summary="Warnings of the agency, drafts included",
)
def warning_index(request: HttpRequest) -> Any:
    return [asdict(r) for r in selectors.staff_warnings(actor_of(request))]


@router.post(
    "/warnings",
    response={201: WarningOut},
    auth=needs("outreach.write_warnings"),
    summary="Draft a public warning in Vietnamese and English",
)
def warning_create(request: HttpRequest, payload: WarningIn) -> Any:
    w = actions.warning_draft(
        actor=actor_of(request),
        data=actions.WarningInput(
            payload.kind, payload.title_vi, payload.title_en, payload.body_vi, payload.body_en
        ),
    )
    return Status(
        201, asdict(selectors.staff_warning(actor_of(request), w.pk, "outreach.write_warnings"))
    )


@router.post(
    "/warnings/from-network",
    response={201: WarningOut},
    auth=needs("outreach.write_warnings"),
    summary="Draft a warning naming the verified numbers and accounts of an intel network",
)
def warning_from_network(request: HttpRequest, payload: FromNetworkIn) -> Any:
    w = actions.warning_from_network(actor=actor_of(request), cluster_id=payload.cluster_id)
    return Status(
        201, asdict(selectors.staff_warning(actor_of(request), w.pk, "outreach.write_warnings"))
    )


@router.get(
    "/lures",
    response=OutreachLuresOut,
    auth=needs("outreach.write_warnings"),
    summary="Warning signs of the saved job-offer checks, recent weeks against the weeks "
    "before, rising first (needs screening.view_checks too)",
)
def lures(request: HttpRequest, weeks: int = 4) -> Any:
    return selectors.rising_lures(actor_of(request), weeks=weeks)


@router.post(
    "/warnings/from-lure",
    response={201: WarningOut},
    auth=needs("outreach.write_warnings"),
    summary="Draft a warning about a warning sign seen in recent job-offer checks",
)
def warning_from_lure(request: HttpRequest, payload: OutreachFromLureIn) -> Any:
    w = actions.warning_from_lure(actor=actor_of(request), code=payload.code)
    return Status(
        201, asdict(selectors.staff_warning(actor_of(request), w.pk, "outreach.write_warnings"))
    )


@router.post(
    "/warnings/{warning_id}/publish",
    response=WarningOut,
    auth=needs("outreach.publish_warnings"),
    summary="Approve and publish a warning written by someone else",
)
def warning_publish(request: HttpRequest, warning_id: Id) -> Any:
    actions.warning_publish(actor=actor_of(request), warning_id=warning_id)
    return asdict(
        selectors.staff_warning(actor_of(request), warning_id, "outreach.publish_warnings")
    )


@router.post(
    "/warnings/{warning_id}/withdraw",
    response=WarningOut,
    auth=needs("outreach.publish_warnings"),
    summary="Withdraw a published warning",
)
def warning_withdraw(request: HttpRequest, warning_id: Id) -> Any:
    actions.warning_withdraw(actor=actor_of(request), warning_id=warning_id)
    return asdict(
        selectors.staff_warning(actor_of(request), warning_id, "outreach.publish_warnings")
    )


@router.get(
    "/public/warnings",
    response=list[PublicWarningOut],
    auth=None,
    summary="Public: published warnings, newest first, in the request's language",
)
@public
@rate_limited("outreach-warnings", lambda: PUBLIC_PER_MINUTE, methods=("GET",))
def public_warnings(request: HttpRequest) -> Any:
    return [asdict(w) for w in selectors.published_warnings()]


@router.get(
    "/courses",
    response=list[CourseOut],
    auth=needs("outreach.manage_training"),
    summary="Training courses of the agency",
)
def course_index(request: HttpRequest) -> Any:
    return [asdict(c) for c in selectors.courses(actor_of(request))]


@router.post(
    "/courses",
    response={201: CourseOut},
    auth=needs("outreach.manage_training"),
    summary="Create a training course",
)
def course_create(request: HttpRequest, payload: CourseIn) -> Any:
    course = actions.course_create(
        actor=actor_of(request),
        data=actions.CourseInput(payload.title, payload.topic, payload.level, payload.materials),
    )
    return Status(
        201,
        {
            "id": course.pk,
            "title": course.title,
            "topic": course.topic,
            "level": course.level,
            "sessions": 0,
        },
    )


@router.post(
    "/sessions",
    response={201: SessionOut},
    auth=needs("outreach.manage_training"),
    summary="Record a training session",
)
def session_create(request: HttpRequest, payload: SessionIn) -> Any:
    s = actions.session_create(
        actor=actor_of(request),
        data=actions.SessionInput(
            payload.course_id, payload.starts_on, payload.place, payload.province, payload.trainer
        ),
    )
    return Status(201, asdict(selectors.session(actor_of(request), s.pk)))


@router.get(
    "/sessions/{session_id}",
    response=SessionOut,
    auth=needs("outreach.manage_training"),
    summary="A training session and attendees",
)
def session_detail(request: HttpRequest, session_id: Id) -> Any:
    return asdict(selectors.session(actor_of(request), session_id))


@router.post(
    "/sessions/{session_id}/attendees",
    response=SessionOut,
    auth=needs("outreach.manage_training"),
    summary="Enrol staff in a session and record results and certificates",
)
def session_attendees(request: HttpRequest, session_id: Id, payload: AttendeesIn) -> Any:
    actions.attendance_record(
        actor=actor_of(request),
        session_id=session_id,
        attendees=tuple(
            actions.AttendeeInput(a.user_id, a.result, a.score, a.certificate)
            for a in payload.attendees
        ),
    )
    return asdict(selectors.session(actor_of(request), session_id))
