"""Demo service providers, so that referrals can be tried across agencies, and a second
supervisor, so that an identification decision can be approved by someone else."""

from __future__ import annotations

from ctip.cases.models import ServiceProvider
from ctip.core import actions
from ctip.core.demo import PASSWORD
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


# A decision is approved by someone other than its author (``identification_approve``):
# one agency needs two supervisors for the whole flow to be tried in it.
SECOND_SUPERVISOR = ("supervisor-2.btxh-hanoi", "btxh-hanoi")


def load() -> None:
    username, code = SECOND_SUPERVISOR
    home = Agency.objects.filter(code=code).first()
    if home is not None and not User.objects.filter(username=username).exists():
        actions.user_create(
            actor=None,
            agency=home,
            username=username,
            password=PASSWORD,
            roles=["supervisor"],
            display_name=username,
            is_demo=True,
        )
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
