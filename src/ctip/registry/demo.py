"""Demo registry: the labour authority, the Labour Management Board in Japan with its own
agency, one officer in each, and the Board covering Japan; three enterprises as the
authority publishes them (one licensed for Japan and Taiwan, one for Korea, one whose
licence was revoked), so that the public recruiter check answers; a worker in Japan under
a contract of the first, and the Board's report that her wages are unpaid. Loading again
adds nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ctip.core import actions as core_actions
from ctip.core.demo import PASSWORD, demo_username
from ctip.core.models import Agency, AgencyType, User
from ctip.registry import actions
from ctip.registry.models import Enterprise, LabourBoard

# (code, type, name_vi, name_en, country, role of its demo officer)
AGENCIES = [
    (
        "dolab",
        AgencyType.LABOUR_HOME_AFFAIRS,
        "Cục Quản lý lao động ngoài nước",
        "Department of Overseas Labour Management",
        "VN",
        "labour_officer",
    ),
    (
        "lmb-japan",
        AgencyType.FOREIGN_AFFAIRS,
        "Ban Quản lý lao động tại Nhật Bản",
        "Labour Management Board in Japan",
        "JP",
        "board_officer",
    ),
]


@transaction.atomic
def load() -> None:
    national = Agency.objects.filter(code="national").first()
    for code, type_, name_vi, name_en, country, role in AGENCIES:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            agency = core_actions.agency_create(
                actor=None,
                code=code,
                type=type_,
                name_vi=name_vi,
                name_en=name_en,
                country=country,
                parent=national,
            )
        username = demo_username(role, code)
        if not User.objects.filter(username=username).exists():
            core_actions.user_create(
                actor=None,
                agency=agency,
                username=username,
                password=PASSWORD,
                roles=[role],
                display_name=username,
                is_demo=True,
            )
    if not LabourBoard.objects.exists():
        LabourBoard.objects.create(
            name="Ban Quản lý lao động tại Nhật Bản",
            country="JP",
            covers=["JP"],
            agency=Agency.objects.get(code="lmb-japan"),
            email="lmb-japan@example.invalid",
        )
    _register()


ENTERPRISES = [
    actions.EnterpriseInput(
        licence_number="301/LĐTBXH-GP",
        name="Công ty TNHH Dịch vụ Quốc tế Hoàng Long (minh hoạ)",
        tax_code="0109876543",
        markets=("JP", "TW"),
        jobs=("cơ khí", "điều dưỡng", "chế biến thực phẩm"),
        deposit_vnd=2_000_000_000,
        legal_representative="Trần Văn Bình",
        website="hoanglong-intl.example",
        phones=("024 3824 1234",),
    ),
    actions.EnterpriseInput(
        licence_number="245/LĐTBXH-GP",
        name="Công ty Cổ phần Nhân lực Hồng Hà (minh hoạ)",
        tax_code="0108765432",
        markets=("KR",),
        jobs=("nông nghiệp", "ngư nghiệp"),
        deposit_vnd=2_000_000_000,
        legal_representative="Nguyễn Thị Hằng",
        phones=("024 3555 6789",),
    ),
    actions.EnterpriseInput(
        licence_number="087/LĐTBXH-GP",
        name="Công ty TNHH Xuất khẩu Lao động Phú Quý (minh hoạ)",
        tax_code="0107654321",
        markets=("JP",),
        status="revoked",
        status_decision="412/QĐ-LĐTBXH",
        status_decided_on=dt.date(2026, 9, 15),
        legal_representative="Lê Quang Phú",
        phones=("0236 381 2222",),
    ),
]


def _register() -> None:
    officer = User.objects.filter(username=demo_username("labour_officer", "dolab")).first()
    board = User.objects.filter(username=demo_username("board_officer", "lmb-japan")).first()
    if officer is None or board is None or Enterprise.objects.exists():
        return
    for data in ENTERPRISES:
        actions.enterprise_save(actor=officer, data=data)
    worker = actions.worker_register(
        actor=officer,
        data=actions.WorkerInput(
            full_name="Phạm Thị Thu (minh hoạ)",
            destination="JP",
            birth_date=dt.date(1999, 8, 21),
            phone="+81 90 1234 5678",
            departed_on=timezone.localdate() - dt.timedelta(days=300),
        ),
    )
    actions.incident_report(
        actor=board,
        data=actions.IncidentInput(
            kind="unpaid_wages",
            reporter="staff",
            country="JP",
            narrative="Ba tháng chưa được trả lương; chủ sử dụng giữ hộ chiếu (minh hoạ).",
            signs=("passport_taken",),
            worker_id=worker.pk,
        ),
    )
