"""Demo service providers, so that referrals can be tried across agencies; one demo case in
Ha Noi whose person named a recruiter's numbers (the intel demo reports one of them), shared
with Nghe An, so that the contacts section and the notification inbox have something to
show. The second supervisor (core demo) lets a decision be approved by someone else."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ctip.cases import actions
from ctip.cases.models import CaseIndicator, ServiceProvider
from ctip.core.models import Agency, User

# (agency code, name, services, capacity, contact)
PROVIDERS = [
    (
        "btxh-hanoi",
        "Nhà tạm lánh Hà Nội (minh hoạ)",
        ["shelter", "essential_needs", "psychological_support", "medical_care"],
        40,
        "024 0000 0001",
    ),
    (
        "btxh-nghean",
        "Nhà tạm lánh Nghệ An (minh hoạ)",
        ["shelter", "essential_needs", "vocational_training", "travel"],
        30,
        "0238 000 0002",
    ),
]


def load() -> None:
    for code, name, services, capacity, contact in PROVIDERS:
        agency = Agency.objects.filter(code=code).first()
        if agency is None or ServiceProvider.objects.filter(name=name).exists():
            continue
        ServiceProvider.objects.create(
            agency=agency,
            name=name,
            province=agency.province,
            services=services,
            capacity=capacity,
            contact=contact,
        )

    _demo_case()


# The recruiter's numbers in the demo person's account: the first is in the intel demo's
# scam reports, so the case page shows how many reports name it.
DEMO_CONTACTS = [
    ("phone", "+84 386 112 233", "", "Người tuyển dụng trên Zalo (minh hoạ)"),
    ("bank_account", "0011 0099 8877", "Vietcombank", "Tài khoản nhận tiền chuộc (minh hoạ)"),
]


def _demo_case() -> None:
    worker = User.objects.filter(username="case-worker.btxh-hanoi").first()
    supervisor = User.objects.filter(username="supervisor.btxh-hanoi").first()
    nghean = Agency.objects.filter(code="btxh-nghean").first()
    if worker is None or supervisor is None or nghean is None:
        return
    result = actions.case_open(
        actor=worker,
        data=actions.CaseOpenInput(
            idempotency_key="demo:cases:1",
            full_name="Trần Văn Minh (minh hoạ)",
            sex="male",
            birth_date=dt.date(2001, 5, 2),
            intake_channel="handover",
            intake_date=timezone.localdate() - dt.timedelta(days=5),
            exploitation_country="KH",
            exit_mode="handover",
            assigned_worker=worker,
            consent_processing=True,
            consent_share_agencies=[nghean],
        ),
    )
    case = result.case
    if not result.created:
        return
    for kind, value, detail, note in DEMO_CONTACTS:
        if not CaseIndicator.objects.filter(case=case, kind=kind).exists():
            actions.indicator_add(
                actor=worker,
                case=case,
                data=actions.ContactInput(kind=kind, value=value, detail=detail, note=note),
            )
    actions.case_share(
        actor=worker,
        case=case,
        data=actions.ShareInput(agency=nghean, reason="Người đó về quê ở Nghệ An (minh hoạ)"),
    )
