"""Officers' training: courses, sessions, attendees from the staff list, results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Province, User
from ctip.core.scope import get_visible, visible
from ctip.outreach.actions._common import require
from ctip.outreach.events import OutreachEvent
from ctip.outreach.models import Attendance, Course, Level, Result, Topic, TrainingSession

PERMISSION = "outreach.manage_training"


@dataclass(frozen=True)
class CourseInput:
    title: str
    topic: str
    level: str
    materials: str = ""


def course_create(*, actor: User, data: CourseInput) -> Course:
    require(actor, PERMISSION)
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give the course a title.")
    if data.topic not in Topic.values:
        errors["topic"] = _("Choose a topic from the list.")
    if data.level not in Level.values:
        errors["level"] = _("Choose a level from the list.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        course = Course.objects.create(
            agency=actor.agency,
            title=data.title.strip()[:200],
            topic=data.topic,
            level=data.level,
            materials=data.materials.strip(),
        )
        audit.record(OutreachEvent.COURSE_CREATED, actor=actor, target=course)
    return course


@dataclass(frozen=True)
class SessionInput:
    course_id: int
    starts_on: date
    place: str
    province: str  # code
    trainer: str


def session_create(*, actor: User, data: SessionInput) -> TrainingSession:
    require(actor, PERMISSION)
    with transaction.atomic():
        course = get_visible(Course.objects.all(), actor, PERMISSION, pk=data.course_id)
        province = Province.objects.filter(code=data.province).first()
        errors: dict[str, str] = {}
        if province is None:
            errors["province"] = _("Choose a province from the list.")
        if not data.place.strip():
            errors["place"] = _("Say where the session takes place.")
        if not data.trainer.strip():
            errors["trainer"] = _("Name the trainer.")
        if errors or province is None:
            raise ValidationError(errors)
        session = TrainingSession.objects.create(
            course=course,
            agency=actor.agency,
            starts_on=data.starts_on,
            place=data.place.strip()[:200],
            province=province,
            trainer=data.trainer.strip()[:200],
        )
        audit.record(OutreachEvent.SESSION_CREATED, actor=actor, target=session)
    return session


@dataclass(frozen=True)
class AttendeeInput:
    user_id: int
    result: str = Result.ENROLLED
    score: int | None = None
    certificate: str = ""


def attendance_record(
    *, actor: User, session_id: int, attendees: tuple[AttendeeInput, ...]
) -> list[Attendance]:
    """Enrol staff of the agency (or below) in a session and record their results."""
    require(actor, PERMISSION)
    with transaction.atomic():
        session = get_visible(
            TrainingSession.objects.select_for_update(), actor, PERMISSION, pk=session_id
        )
        ids = {a.user_id for a in attendees}
        staff = {u.pk: u for u in User.objects.filter(pk__in=ids).filter(User.scope_q(actor))}
        errors: list[str] = []
        if len(staff) != len(ids):
            errors.append(_("Choose attendees from the staff of your agency."))
        for a in attendees:
            if a.result not in Result.values:
                errors.append(_("Choose a result from the list."))
            if a.score is not None and not 0 <= a.score <= 100:
                errors.append(_("A score is from 0 to 100."))
            if a.certificate and a.result != Result.PASSED:
                errors.append(_("Only an attendee who passed gets a certificate."))
        if errors:
            raise ValidationError(sorted(set(errors)))
        saved = []
        for a in attendees:
            row, _created = Attendance.objects.update_or_create(
                session=session,
                user=staff[a.user_id],
                defaults={
                    "result": a.result,
                    "score": a.score,
                    "certificate": a.certificate.strip()[:40],
                },
            )
            saved.append(row)
        audit.record(
            OutreachEvent.ATTENDANCE_RECORDED,
            actor=actor,
            target=session,
            data={"attendees": len(saved)},
        )
    return saved


def courses(actor: User) -> list[Course]:
    return list(visible(Course.objects.all(), actor, PERMISSION))
