"""Demo hotline work, so that the operator's and the police's screens have something to show:
a mother's call about her son held in Cambodia, the tracing request it opened with the
ransom demanded (its account is the one the cases demo's person named, so the request,
the case and the scam report meet on one indicator), and a young man's call about a job
offer, with a callback due in the operator's worklist. Loading again adds nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ctip.core.models import Province, User
from ctip.core.values import read_money
from ctip.hotline import actions
from ctip.hotline.models import Call

OPERATOR = "hotline-operator.hotline-111"
MARK = "(minh hoạ)"


@transaction.atomic
def load() -> None:
    operator = User.objects.filter(username=OPERATOR).first()
    if operator is None or Call.objects.filter(agency=operator.agency).exists():
        return
    nghean = Province.objects.get(code="nghe-an")
    today, now = timezone.localdate(), timezone.now()
    call = actions.call_log(
        actor=operator,
        data=actions.CallInput(
            channel="phone",
            caller_type="family",
            language="vi",
            topic="ransom",
            outcome="record_opened",
            province=nghean,
            counselling=("safety", "reporting"),
            caller_name=f"Nguyễn Thị Lan {MARK}",
            summary=(
                "Mẹ gọi: con trai sang Campuchia làm việc theo lời mời trên Facebook, nay "
                f"bị giữ và bị đòi 100 triệu tiền chuộc {MARK}."
            ),
        ),
    )
    recorded = actions.request_record(
        actor=operator,
        data=actions.RequestInput(
            full_name=f"Lê Văn Hùng {MARK}",
            departure_mode="job_offer",
            birth_year=2003,
            sex="male",
            home_province=nghean,
            left_on=today - dt.timedelta(days=40),
            last_contact_on=today - dt.timedelta(days=3),
            last_contact="Gọi Zalo, nói bị giữ trong một toà nhà có hàng rào gần cửa khẩu Bavet.",
            country="KH",
            place="Bavet",
            family_name=f"Nguyễn Thị Lan {MARK}",
            family_relation="mẹ",
            family_phone="0912 000 111",
            narrative=(
                "Đi theo lời mời việc nhẹ lương cao, lương 20 triệu một tháng. Bị thu hộ "
                "chiếu, bắt làm việc lừa đảo qua mạng; người giữ đòi tiền chuộc."
            ),
            contacts=(actions.ContactInput(kind="phone", value="+84 386 112 233"),),
            call=call,
        ),
    )
    actions.ransom_record(
        actor=operator,
        request=recorded.request,
        data=actions.RansomInput(
            account_kind="bank_account",
            account="0011 0099 8877",
            bank="Vietcombank",
            amount=read_money("100 triệu"),
            deadline=now + dt.timedelta(days=2),
        ),
    )
    actions.call_log(
        actor=operator,
        data=actions.CallInput(
            channel="zalo",
            caller_type="at_risk",
            language="vi",
            topic="job_offer",
            outcome="callback",
            province=Province.objects.get(code="ha-noi"),
            counselling=("warning",),
            callback_at=now + dt.timedelta(hours=1),
            summary=(
                "Thanh niên hỏi về lời mời làm chăm sóc khách hàng ở Campuchia, bao vé máy "
                f"bay; hẹn gọi lại sau khi kiểm tra doanh nghiệp {MARK}."
            ),
        ),
    )
