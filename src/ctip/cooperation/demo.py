"""Demo cooperation across the border, so that both sides' screens have something to show:
the Cambodian police send a list of three persons who say they are Vietnamese, for the
Ha Noi police to verify within the agreement's 30 days; and the Tay Ninh border guard plan
a handover at Moc Bai in three days with the manifest the Cambodian side sent, received by
the Nghe An social protection centre. The manifest names the young man whose mother
called the hotline (hotline demo), so his tracing request is matched. Loading again adds
nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ctip.cooperation import actions
from ctip.cooperation.models import HandoverOperation, VerificationRequest
from ctip.core.models import Agency, User

PARTNER = "partner.kh-police"
RECEPTION = "reception-officer.bp-tayninh"

MANIFEST = (
    "No.,Full name,Sex,Date of birth,Place of origin,Passport No.,Remarks\n"
    "1,LE VAN HUNG,M,2003,Nghe An,,rescued in Bavet\n"
    "2,PHAM THI HOA,F,14/02/2000,Nghe An,C4412078,\n"
    "3,VO MINH TRI,M,1999,Ha Tinh,,no documents\n"
)


@transaction.atomic
def load() -> None:
    partner = User.objects.filter(username=PARTNER).first()
    reception = User.objects.filter(username=RECEPTION).first()
    police = Agency.objects.filter(code="police-hanoi").first()
    centre = Agency.objects.filter(code="btxh-nghean").first()
    if partner is None or reception is None or police is None or centre is None:
        return
    if not VerificationRequest.objects.filter(counterpart=partner.agency).exists():
        actions.verification_create(
            actor=partner,
            data=actions.VerificationInput(
                persons=(
                    actions.PersonInput("NGUYEN VAN TAI", "M", "12/07/2001", "Thanh Hoa", ""),
                    actions.PersonInput("Dang Thi Mai", "F", "1997", "Ha Noi", "C2290311"),
                    actions.PersonInput("BUI QUOC VIET", "M", "25", "Hai Phong", ""),
                ),
                verifying_agency_id=police.pk,
                their_reference="KH-NPC/2026/118",
            ),
        )
    if not HandoverOperation.objects.filter(counterpart=partner.agency).exists():
        operation = actions.handover_plan(
            actor=reception,
            data=actions.HandoverInput(
                on=timezone.localdate() + dt.timedelta(days=3),
                gate="moc-bai",
                counterpart_id=partner.agency.pk,
                receiving_agency_ids=(centre.pk,),
            ),
        )
        actions.manifest_import(
            actor=reception,
            operation=operation,
            file_name="manifest-moc-bai.csv",
            content=MANIFEST.encode(),
        )
