"""Records of the outreach app for tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ctip.core.models import User
from ctip.outreach import actions
from ctip.outreach.models import Campaign, PublicWarning, SubscriberList, TrainingSession

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

CSV = (
    "phone,province,age_group,channel,consent\n"
    "0912 345 678,Hà Nội,18-24,sms,yes\n"
    "+84 987 654 321,ha-noi,25_34,sms,yes\n"
    "84913000111,Nghệ An,18_24,sms,yes\n"
    "12345,Hà Nội,18_24,sms,yes\n"
    "0912 000 999,Hà Nội,18_24,sms,no\n"
    "0912 000 888,Atlantis,18_24,sms,yes\n"
    "0912-345-678,Hà Nội,18_24,sms,yes\n"
)


def subscriber_list(actor: User, content: str = CSV, name: str = "Thanh niên") -> SubscriberList:
    result = actions.subscriber_list_import(
        actor=actor, data=actions.ListImportInput(name=name, content=content.encode())
    )
    return SubscriberList.objects.get(pk=result.list_id)


TEXT_VI = "Cảnh báo: việc nhẹ lương cao ở Campuchia là bẫy lừa đảo. Gọi 111 nếu cần giúp."


def campaign(actor: User, lst: SubscriberList, **kw: object) -> Campaign:
    data = {
        "name": "Cảnh báo hè",
        "text_vi": TEXT_VI,
        "text_en": "Warning: easy jobs with high pay in Cambodia are scams. Call 111.",
        "lists": (lst.pk,),
        "provinces": ("ha-noi",),
    } | kw
    return actions.campaign_draft(actor=actor, data=actions.CampaignInput(**data))  # type: ignore[arg-type]


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = datetime.now(TZ).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def warning(actor: User, **kw: str) -> PublicWarning:
    data = {
        "kind": "lure",
        "title_vi": "Cảnh báo: tuyển người đi Campuchia làm việc nhẹ lương cao",
        "title_en": "Warning: easy jobs with high pay in Cambodia",
        "body_vi": "Các bài đăng hứa lương 30 triệu một tháng ở Campuchia là bẫy. Gọi 111.",
        "body_en": "Posts promising 30 million dong a month in Cambodia are traps. Call 111.",
    } | kw
    return actions.warning_draft(actor=actor, data=actions.WarningInput(**data))


def training_session(actor: User) -> TrainingSession:
    course = actions.course_create(
        actor=actor,
        data=actions.CourseInput("Nhận diện nạn nhân", "identification", "basic"),
    )
    return actions.session_create(
        actor=actor,
        data=actions.SessionInput(course.pk, date(2026, 11, 20), "Học viện", "ha-noi", "Trần B"),
    )
