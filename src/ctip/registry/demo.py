"""Demo registry: the labour authority, the Labour Management Board in Japan with its own
agency, one officer in each, and the Board covering Japan. The register itself starts
empty: the demo imports the published list like the authority would."""

from __future__ import annotations

from django.db import transaction

from ctip.core import actions as core_actions
from ctip.core.demo import PASSWORD, demo_username
from ctip.core.models import Agency, AgencyType, User
from ctip.registry.models import LabourBoard

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
