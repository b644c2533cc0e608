"""The child interviewer's qualification, read from the outreach app's training records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ctip.cases import ports
from ctip.cases.actions.children import ChildInterviewInput, child_interview_record
from ctip.core.models import Province
from ctip.outreach.models import Attendance, Course, TrainingSession
from tests.cases.factories import days_ago, make_case

ANSWERS = {"r_work_differed": "yes", "e_forced_to_defraud": "yes"}


def _attend(user, topic: str, result: str, on: dt.date, certificate: str = "") -> None:
    course = Course.objects.create(
        agency=user.agency, title=f"Course on {topic}", topic=topic, level="basic"
    )
    session = TrainingSession.objects.create(
        course=course,
        agency=user.agency,
        starts_on=on,
        place="Hà Nội",
        province=Province.objects.first(),
        trainer="MOLISA",
    )
    Attendance.objects.create(session=session, user=user, result=result, certificate=certificate)


def _interview(worker, qualification: str = ""):
    case = make_case(worker, "Lò Thị Mai", birth_date=None, age_min=15, age_max=15)
    return child_interview_record(
        actor=worker,
        case=case,
        data=ChildInterviewInput(
            answers=ANSWERS,
            interviewed_on=days_ago(0),
            version=case.version,
            support_person="Hà Thị Lan, appointed representative",
            interviewer_qualification=qualification,
        ),
    )


def test_passed_child_protection_course_is_the_qualification(worker):
    _attend(worker, "child_protection", "passed", dt.date(2025, 3, 2), "CP-2025-017")
    _attend(worker, "child_protection", "failed", dt.date(2025, 9, 1))
    _attend(worker, "victim_support", "passed", dt.date(2025, 10, 1))
    training = ports.child_protection_training(worker)
    assert training == ports.ChildProtectionTraining(
        "Course on child_protection", dt.date(2025, 3, 2), "CP-2025-017"
    )
    interview = _interview(worker, qualification="typed text is not used")
    assert interview.interviewer_qualification == (
        "Course on child_protection · 2025-03-02 · CP-2025-017"
    )


def test_without_a_passed_course_the_recorded_qualification_is_needed(worker, supervisor):
    _attend(worker, "child_protection", "failed", dt.date(2025, 9, 1))
    _attend(worker, "victim_support", "passed", dt.date(2025, 10, 1))
    _attend(supervisor, "child_protection", "passed", dt.date(2025, 3, 2))
    assert ports.child_protection_training(worker) is None
    with pytest.raises(ValidationError) as refused:
        _interview(worker)
    assert "interviewer_qualification" in refused.value.message_dict
    interview = _interview(worker, qualification="Social work degree, child protection")
    assert interview.interviewer_qualification == "Social work degree, child protection"
