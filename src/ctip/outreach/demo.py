"""Demo outreach: a communication officer and a head of communication at the Ha Noi
police, a consenting subscriber list in Ha Noi and Nghe An, a draft campaign to Ha Noi
with its unaccented variant, a published warning, and a course with one session."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ctip.core import actions as core_actions
from ctip.core.demo import PASSWORD, demo_username
from ctip.core.models import Agency, User
from ctip.outreach import actions
from ctip.outreach.models import Campaign, Course, PublicWarning, SubscriberList

AGENCY = "police-hanoi"
LIST_NAME = "Thanh niên Hà Nội và Nghệ An (demo)"


def _account(role: str) -> User:
    username = demo_username(role, AGENCY)
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return core_actions.user_create(
        actor=None,
        agency=Agency.objects.get(code=AGENCY),
        username=username,
        password=PASSWORD,
        roles=[role],
        display_name=username,
        is_demo=True,
    )


@transaction.atomic
def load() -> None:
    if not Agency.objects.filter(code=AGENCY).exists():
        return
    officer = _account("communication_officer")
    lead = _account("communication_lead")
    if not SubscriberList.objects.filter(name=LIST_NAME).exists():
        rows = "".join(
            f"09{i:08d},{'Hà Nội' if i % 3 else 'Nghệ An'},{('18_24', '25_34')[i % 2]},sms,yes\n"
            for i in range(10_000_100, 10_000_140)
        )
        actions.subscriber_list_import(
            actor=officer,
            data=actions.ListImportInput(
                LIST_NAME, ("phone,province,age_group,channel,consent\n" + rows).encode()
            ),
        )
    lst = SubscriberList.objects.get(name=LIST_NAME)
    if not Campaign.objects.filter(name="Cảnh báo việc nhẹ lương cao (demo)").exists():
        actions.campaign_draft(
            actor=officer,
            data=actions.CampaignInput(
                name="Cảnh báo việc nhẹ lương cao (demo)",
                text_vi=(
                    "Cảnh báo: tuyển người đi Campuchia làm việc nhẹ lương cao là lừa đảo. "
                    "Gọi 111 nếu cần giúp."
                ),
                text_en="Warning: easy jobs with high pay in Cambodia are scams. Call 111.",
                lists=(lst.pk,),
                provinces=("ha-noi",),
            ),
        )
    if not PublicWarning.objects.exists():
        warning = actions.warning_draft(
            actor=officer,
            data=actions.WarningInput(
                kind="lure",
                title_vi="Thủ đoạn mới: tuyển “nhân viên chăm sóc khách hàng” ở Campuchia",
                title_en="New lure: “customer care staff” wanted in Cambodia",
                body_vi=(
                    "Các nhóm trên Telegram và Facebook hứa lương 1.500 USD một tháng, bao vé "
                    "máy bay, không cần kinh nghiệm. Người đến nơi bị giữ hộ chiếu và ép lừa "
                    "đảo trực tuyến. Đừng chuyển tiền phí hồ sơ; kiểm tra tin tuyển dụng trên "
                    "CTIP; gọi 111 nếu người thân đã đi."
                ),
                body_en=(
                    "Groups on Telegram and Facebook promise 1,500 USD a month, a paid flight "
                    "and no experience needed. People who go have their passports taken and are "
                    "forced to run online scams. Do not pay any fee; check the offer on CTIP; "
                    "call 111 if someone close has gone."
                ),
            ),
        )
        actions.warning_publish(actor=lead, warning_id=warning.pk)
    if not Course.objects.exists():
        course = actions.course_create(
            actor=officer,
            data=actions.CourseInput(
                "Nhận diện nạn nhân mua bán người trong các cơ sở lừa đảo",
                "identification",
                "basic",
                "Sổ tay nhận diện nạn nhân; bộ câu hỏi sàng lọc",
            ),
        )
        actions.session_create(
            actor=officer,
            data=actions.SessionInput(
                course.pk,
                timezone.localdate() - dt.timedelta(days=14),
                "Hội trường Công an TP",
                "ha-noi",
                "Giảng viên Học viện Cảnh sát",
            ),
        )
