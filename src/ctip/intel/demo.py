"""Demo intel: a small network of job-lure recruiters, a separate romance scam,
national staff who read the public reports, and a partner CERT's STIX bundle naming the
network's Telegram handle and a Cambodian number no report names.

Public reports go to the intake agency, by default the root (``national``); the core
demo has no one there who reads reports, so an investigator and an analyst of the
national office are added. The reports are filed through ``report_file`` by the Ha Noi
investigator with a fixed external id each, which makes loading idempotent.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.utils import timezone

from ctip.core import actions as core_actions
from ctip.core.demo import PASSWORD, demo_username
from ctip.core.models import Agency, User
from ctip.intel.actions import (
    IndicatorInput,
    PartnerInput,
    ReportInput,
    partner_import,
    report_file,
)

FILER = "investigator.police-hanoi"
NATIONAL_ROLES = ("investigator", "analyst")

# (external id, type, days ago, amount lost, narrative, indicators as (kind, value, detail))
REPORTS = [
    (
        "demo-1",
        "recruitment",
        60,
        12_000_000,
        "Tuyển nhân viên chăm sóc khách hàng ở Campuchia, lương 1.500 USD; đã chuyển phí "
        "visa và vé máy bay rồi bị chặn liên lạc.",
        [
            ("social", "@ViecLamNhanh_CSKH", "telegram"),
            ("bank_account", "0071 0048 9999", "Vietcombank"),
            ("phone", "0905 222 333", ""),
            ("name", "Công ty TNHH Việc Làm Nhanh", ""),
        ],
    ),
    (
        "demo-2",
        "recruitment",
        41,
        8_500_000,
        "Người nhà được hứa việc làm phiên dịch ở Lào, nộp tiền hồ sơ vào tài khoản cá nhân.",
        [
            ("social", "https://t.me/vieclamnhanh_cskh", "telegram"),
            ("phone", "+84 386 112 233", ""),
        ],
    ),
    (
        "demo-3",
        "ransom",
        20,
        150_000_000,
        "Con trai bị giữ ở Myanmar, bên kia đòi tiền chuộc chuyển vào tài khoản này.",
        [
            ("bank_account", "007100489999", "970436"),
            ("url", "https://vieclam-nhanh-quocte.com/tuyen-dung", ""),
        ],
    ),
    (
        "demo-4",
        "investment",
        12,
        320_000_000,
        "Được mời vào nhóm đầu tư tiền số, nạp tiền vào ví rồi không rút ra được.",
        [
            ("phone", "0386.112.233", ""),
            ("ewallet", "0977 888 999", "MoMo"),
        ],
    ),
    (
        "demo-5",
        "romance",
        5,
        45_000_000,
        "Quen qua mạng, người này nhờ chuyển tiền nhận quà gửi từ nước ngoài.",
        [
            ("social", "@linh.tran.2000", "tiktok"),
            ("bank_account", "1903 5566 7788 01", "Techcombank"),
        ],
    ),
]


PARTNER = ("CamCERT", "KH", "cert")
PARTNER_BUNDLE = {
    "type": "bundle",
    "id": "bundle--6b0c3a51-7f7e-4d2a-9c43-2f0e5d1b8a10",
    "objects": [
        {
            "type": "indicator",
            "spec_version": "2.1",
            "id": "indicator--0f6d2c4e-8a1b-4b7e-9d35-5c2a7e9f1b20",
            "pattern_type": "stix",
            "pattern": "[user-account:account_type = 'telegram' AND "
            "user-account:account_login = 'vieclamnhanh_cskh']",
            "confidence": 80,
            "labels": ["scam-compound", "recruitment"],
            "valid_from": "2025-01-10T00:00:00Z",
        },
        {
            "type": "phone-number",
            "id": "phone-number--2b7e4c1d-9f3a-4e8b-a6d2-7c1f0e5b9a30",
            "value": "+855 12 345 678",
        },
    ],
}


def _partner_document() -> None:
    analyst = User.objects.filter(username=demo_username("analyst", "national")).first()
    if analyst is None:
        return
    name, country, kind = PARTNER
    partner_import(
        actor=analyst,
        data=PartnerInput(
            format="stix",
            content=json.dumps(PARTNER_BUNDLE).encode(),
            partner=name,
            country=country,
            kind=kind,
        ),
    )


def _national_staff() -> None:
    national = Agency.objects.filter(code="national").first()
    if national is None:
        return
    for role in NATIONAL_ROLES:
        username = demo_username(role, national.code)
        if not User.objects.filter(username=username).exists():
            core_actions.user_create(
                actor=None,
                agency=national,
                username=username,
                password=PASSWORD,
                roles=[role],
                display_name=username,
                is_demo=True,
            )


# Which demo institution holds which accounts: Vietcombank and Techcombank BINs.
HOLDERS = (("bank-a", "bin", "970436"), ("bank-b", "bin", "970407"))


def _holders() -> None:
    from ctip.intel.models import InstitutionCode

    for code, kind, value in HOLDERS:
        agency = Agency.objects.filter(code=code).first()
        if agency is not None:
            InstitutionCode.objects.get_or_create(
                kind=kind, code=value, defaults={"agency": agency}
            )


@transaction.atomic
def load() -> None:
    _national_staff()
    _holders()
    filer = User.objects.filter(username=FILER).first()
    if filer is None:
        return
    now = timezone.now()
    for external_id, type_, days_ago, amount, narrative, indicators in REPORTS:
        at = now - dt.timedelta(days=days_ago)
        report_file(
            actor=filer,
            data=ReportInput(
                type=type_,
                narrative=narrative,
                amount_lost_vnd=amount,
                lost_on=timezone.localdate(at),
                indicators=[
                    IndicatorInput(
                        kind,
                        value,
                        bank=detail if kind in ("bank_account", "ewallet") else "",
                        platform=detail if kind == "social" else "",
                    )
                    for kind, value, detail in indicators
                ],
                external_id=external_id,
                reported_at=at,
            ),
        )
    _partner_document()
