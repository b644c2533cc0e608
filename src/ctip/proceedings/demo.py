"""Demo proceedings: the Ha Noi procuracy and court with a procurator, a judge and a
court clerk, so that a case can be taken from a denunciation to a judgment."""

from __future__ import annotations

from django.db import transaction

from ctip.core import actions as core_actions
from ctip.core.demo import PASSWORD, demo_username
from ctip.core.models import Agency, AgencyType, Province, User

AGENCIES = [
    (
        "vks-hanoi",
        AgencyType.PROCURACY,
        "Viện kiểm sát nhân dân thành phố Hà Nội",
        "Ha Noi People's Procuracy",
    ),
    ("toa-hanoi", AgencyType.COURT, "Tòa án nhân dân thành phố Hà Nội", "Ha Noi People's Court"),
]
ACCOUNTS = [("procurator", "vks-hanoi"), ("judge", "toa-hanoi"), ("court_clerk", "toa-hanoi")]


@transaction.atomic
def load() -> None:
    national = Agency.objects.filter(code="national").first()
    if national is None:
        return
    for code, kind, name_vi, name_en in AGENCIES:
        if not Agency.objects.filter(code=code).exists():
            core_actions.agency_create(
                actor=None,
                code=code,
                type=kind,
                name_vi=name_vi,
                name_en=name_en,
                province=Province.objects.filter(name="Hà Nội").first(),
                parent=national,
            )
    for role, code in ACCOUNTS:
        username = demo_username(role, code)
        if not User.objects.filter(username=username).exists():
            core_actions.user_create(
                actor=None,
                agency=Agency.objects.get(code=code),
                username=username,
                password=PASSWORD,
                roles=[role],
                display_name=username,
                is_demo=True,
            )
