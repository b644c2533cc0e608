"""Records of the intel app for tests: built through the actions, as users make them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from ctip.core import actions as core_actions
from ctip.core.models import Agency, AgencyType, User
from ctip.intel import actions
from ctip.intel.actions import IndicatorInput
from ctip.intel.models import EvidenceItem, FreezeRequest, Indicator, Report

PHONE = IndicatorInput("phone", "0912 345 678")
ACCOUNT = IndicatorInput("bank_account", "0011 0012 3456", bank="Vietcombank")


def make_report(
    user: User | None,
    *indicators: IndicatorInput,
    narrative: str = "Họ hứa việc nhẹ lương cao rồi bắt chuyển tiền.",
    **values: Any,
) -> Report:
    values.setdefault("type", "recruitment")
    values.setdefault("amount_lost_vnd", 15_000_000)
    return actions.report_file(
        actor=user,
        data=actions.ReportInput(
            narrative=narrative, indicators=indicators or (PHONE, ACCOUNT), **values
        ),
    ).report


def make_bank(
    parent: Agency, code: str = "t-bank", bin: str = "970436", name: str = "Test bank"
) -> Agency:
    """A bank agency holding the accounts of ``bin`` (Vietcombank's by default)."""
    from ctip.intel.models import InstitutionCode

    found = Agency.objects.filter(code=code).first()
    if found is not None:
        return found
    bank = core_actions.agency_create(
        actor=None,
        code=code,
        type=AgencyType.BANK,
        name_vi=name,
        name_en=name,
        parent=parent,
    )
    InstitutionCode.objects.create(agency=bank, kind="bin", code=bin)
    return bank


def make_freeze(world: Any, *, deadline: dt.datetime | None = None) -> FreezeRequest:
    investigator = world.users["investigator"]
    report = make_report(investigator)
    bank = make_bank(world.agency)
    accounts = list(Indicator.objects.filter(kind="bank_account", named_in=report))
    return actions.freeze_request_issue(
        actor=investigator,
        data=actions.FreezeRequestInput(
            institution=bank,
            indicators=accounts,
            reports=[report],
            legal_basis="Điều 174 Bộ luật Hình sự; quyết định khởi tố vụ án số 12/QĐ",
            deadline=deadline or timezone.now() + dt.timedelta(days=2),
        ),
    )


def make_evidence(world: Any, content: bytes = b"chat log\n") -> EvidenceItem:
    investigator = world.users["investigator"]
    report = make_report(investigator)
    return actions.evidence_add(
        actor=investigator,
        data=actions.EvidenceInput(
            report=report,
            filename="zalo-chat.txt",
            content=content,
            media_type="text/plain",
            description="Ảnh chụp tin nhắn Zalo",
        ),
    )


def stix_bundle(*phones: str, bundle_id: str = "bundle--0b7f3c8e-1111-4d6a-9c1e-0a1b2c3d4e5f"):
    """A partner's STIX bundle naming ``phones``, with confidence and labels."""
    return json.dumps(
        {
            "type": "bundle",
            "id": bundle_id,
            "objects": [
                {
                    "type": "indicator",
                    "id": f"indicator--{n}",
                    "pattern_type": "stix",
                    "pattern": f"[phone-number:value = '{phone}']",
                    "confidence": 70,
                    "labels": ["scam-compound"],
                    "valid_from": "2025-02-01T00:00:00Z",
                }
                for n, phone in enumerate(phones)
            ],
        }
    ).encode()


def make_partner_import(
    world: Any,
    *phones: str,
    partner: str = "CamCERT",
    country: str = "KH",
    bundle_id: str = "bundle--0b7f3c8e-1111-4d6a-9c1e-0a1b2c3d4e5f",
) -> actions.PartnerImport:
    return actions.partner_import(
        actor=world.users["analyst"],
        data=actions.PartnerInput(
            format="stix",
            content=stix_bundle(*(phones or ("+84912345678",)), bundle_id=bundle_id),
            partner=partner,
            country=country,
            kind="cert",
        ),
    )


def make_dispute(world: Any, agency: Agency | None = None) -> Any:
    """A dispute of the test phone, answered by ``agency`` (default the world's own)."""
    from ctip.intel.models import Dispute

    make_report(world.users["investigator"])
    dispute = actions.dispute_open(
        data=actions.DisputeInput(
            kind="phone", value=PHONE.value, statement="Số này là của tôi từ năm 2015."
        )
    )
    Dispute.objects.filter(pk=dispute.pk).update(agency=agency or world.agency)
    dispute.refresh_from_db()
    return dispute
