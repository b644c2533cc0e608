"""One function per screen, each returning frozen dataclasses that pages and the API show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count
from django.shortcuts import get_object_or_404

from ctip.cases.ports import ChildProtectionTraining
from ctip.core.models import User
from ctip.core.scope import get_visible, visible
from ctip.outreach import figures
from ctip.outreach.actions.campaigns import Preview, preview
from ctip.outreach.models import (
    Attendance,
    Campaign,
    Course,
    PublicWarning,
    Result,
    SubscriberList,
    Topic,
    TrainingSession,
    WarningState,
)
from ctip.outreach.selectors.lures import Lures as Lures
from ctip.outreach.selectors.lures import rising_lures as rising_lures
from ctip.outreach.selectors.outcomes import CampaignOutcomes as CampaignOutcomes
from ctip.outreach.selectors.outcomes import campaign_outcomes as campaign_outcomes


@dataclass(frozen=True)
class ListRow:
    id: int
    name: str
    subscribers: int
    created_at: datetime


def subscriber_lists(actor: User) -> tuple[ListRow, ...]:
    rows = visible(SubscriberList.objects.all(), actor, "outreach.run_campaigns").annotate(
        n=Count("subscribers")
    )
    return tuple(ListRow(r.pk, r.name, r.n, r.created_at) for r in rows)


@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    state: str
    state_label: str
    starts_at: datetime | None
    created_at: datetime


def campaigns(actor: User) -> tuple[CampaignRow, ...]:
    rows = visible(Campaign.objects.all(), actor, "outreach.run_campaigns")
    return tuple(
        CampaignRow(c.pk, c.name, c.state, str(c.get_state_display()), c.starts_at, c.created_at)
        for c in rows[:500]
    )


@dataclass(frozen=True)
class CampaignView:
    id: int
    name: str
    state: str
    state_label: str
    text_vi: str
    text_en: str
    variant: str
    variant_label: str
    encoding: str
    max_parts: int
    lists: tuple[str, ...]
    provinces: tuple[str, ...]
    age_groups: tuple[str, ...]
    channels: tuple[str, ...]
    starts_at: datetime | None
    finished_at: datetime | None
    preview: Preview
    reach: figures.Reach


def campaign(actor: User, campaign_id: int) -> CampaignView:
    c = get_visible(Campaign.objects.all(), actor, "outreach.run_campaigns", pk=campaign_id)
    return CampaignView(
        id=c.pk,
        name=c.name,
        state=c.state,
        state_label=str(c.get_state_display()),
        text_vi=c.text_vi,
        text_en=c.text_en,
        variant=c.variant,
        variant_label=str(c.get_variant_display()),
        encoding=c.encoding,
        max_parts=c.max_parts,
        lists=tuple(c.lists.values_list("name", flat=True)),
        provinces=tuple(str(p) for p in c.provinces.all()),
        age_groups=tuple(c.age_groups),
        channels=tuple(c.channels),
        starts_at=c.starts_at,
        finished_at=c.finished_at,
        preview=preview(c),
        reach=figures.reach(c.pk),
    )


@dataclass(frozen=True)
class WarningRow:
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    state: str
    state_label: str
    author: str
    approver: str
    created_at: datetime
    published_at: datetime | None
    title_vi: str
    title_en: str
    body_vi: str
    body_en: str


def _warning_row(w: PublicWarning) -> WarningRow:
    return WarningRow(
        w.pk,
        w.kind,
        str(w.get_kind_display()),
        w.title,
        w.body,
        w.state,
        str(w.get_state_display()),
        w.author.username,
        w.approver.username if w.approver is not None else "",
        w.created_at,
        w.published_at,
        w.title_vi,
        w.title_en,
        w.body_vi,
        w.body_en,
    )


def staff_warnings(actor: User) -> tuple[WarningRow, ...]:
    rows = visible(
        PublicWarning.objects.select_related("author", "approver"), actor, "outreach.write_warnings"
    )
    return tuple(_warning_row(w) for w in rows[:500])


def staff_warning(actor: User, warning_id: int, permission: str) -> WarningRow:
    w = get_visible(
        PublicWarning.objects.select_related("author", "approver"), actor, permission, pk=warning_id
    )
    return _warning_row(w)


@dataclass(frozen=True)
class PublicWarningView:
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    agency: str
    published_at: datetime


def _public(w: PublicWarning) -> PublicWarningView:
    return PublicWarningView(
        w.pk,
        w.kind,
        str(w.get_kind_display()),
        w.title,
        w.body,
        w.agency.name,
        w.published_at or w.created_at,
    )


def published_warnings(limit: int = 50) -> tuple[PublicWarningView, ...]:
    """Published warnings, newest first: public, so read without an actor."""
    rows = PublicWarning.objects.filter(state=WarningState.PUBLISHED).select_related("agency")
    return tuple(_public(w) for w in rows.order_by("-published_at")[:limit])


def published_warning(warning_id: int) -> PublicWarningView:
    w = get_object_or_404(
        PublicWarning.objects.select_related("agency"),
        pk=warning_id,
        state=WarningState.PUBLISHED,
    )
    return _public(w)


@dataclass(frozen=True)
class CourseRow:
    id: int
    title: str
    topic: str
    topic_label: str
    level: str
    level_label: str
    sessions: int


def courses(actor: User) -> tuple[CourseRow, ...]:
    rows = visible(Course.objects.all(), actor, "outreach.manage_training").annotate(
        n=Count("sessions")
    )
    return tuple(
        CourseRow(
            c.pk,
            c.title,
            c.topic,
            str(c.get_topic_display()),
            c.level,
            str(c.get_level_display()),
            c.n,
        )
        for c in rows
    )


@dataclass(frozen=True)
class AttendeeRow:
    user_id: int
    name: str
    result: str
    result_label: str
    score: int | None
    certificate: str


@dataclass(frozen=True)
class SessionView:
    id: int
    course: str
    topic_label: str
    starts_on: date
    place: str
    province: str
    trainer: str
    attendees: tuple[AttendeeRow, ...]


def session(actor: User, session_id: int) -> SessionView:
    s = get_visible(
        TrainingSession.objects.select_related("course", "province"),
        actor,
        "outreach.manage_training",
        pk=session_id,
    )
    attendees = (
        Attendance.objects.filter(session=s).select_related("user").order_by("user__username")
    )
    return SessionView(
        s.pk,
        s.course.title,
        str(s.course.get_topic_display()),
        s.starts_on,
        s.place,
        str(s.province),
        s.trainer,
        tuple(
            AttendeeRow(
                a.user_id,
                a.user.get_full_name() or a.user.username,
                a.result,
                str(a.get_result_display()),
                a.score,
                a.certificate,
            )
            for a in attendees
        ),
    )


@dataclass(frozen=True)
class SessionRow:
    id: int
    course: str
    starts_on: date
    place: str
    attendees: int


def sessions(actor: User) -> tuple[SessionRow, ...]:
    rows = visible(
        TrainingSession.objects.select_related("course"), actor, "outreach.manage_training"
    ).annotate(n=Count("attendees"))
    return tuple(SessionRow(s.pk, s.course.title, s.starts_on, s.place, s.n) for s in rows[:500])


def child_protection_training(user: User) -> ChildProtectionTraining | None:
    """The user's own latest passed course on child protection (cases' port reads it)."""
    passed = (
        Attendance.objects.filter(
            user=user, result=Result.PASSED, session__course__topic=Topic.CHILD_PROTECTION
        )
        .select_related("session__course")
        .order_by("-session__starts_on", "-pk")
        .first()
    )
    if passed is None:
        return None
    return ChildProtectionTraining(
        passed.session.course.title, passed.session.starts_on, passed.certificate
    )


@dataclass(frozen=True)
class TrainingSummaryRow:
    agency: str
    province: str
    topic: str
    attendees: int
    passed: int
    certificates: int


def training_summary(actor: User, start: date, end: date) -> tuple[TrainingSummaryRow, ...]:
    """Officers trained by agency, province and topic, for the agencies the actor sees."""
    from ctip.core.models import Agency, Province
    from ctip.outreach.models import Topic

    agencies = {
        a.code: a.name for a in visible(Agency.objects.all(), actor, "outreach.manage_training")
    }
    provinces = dict(Province.objects.values_list("code", "name"))
    topics = dict(Topic.choices)
    return tuple(
        TrainingSummaryRow(
            agencies[r.agency],
            provinces.get(r.province, r.province),
            str(topics.get(r.topic, r.topic)),
            r.attendees,
            r.passed,
            r.certificates,
        )
        for r in figures.training(start, end).rows
        if r.agency in agencies
    )
