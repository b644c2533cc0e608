"""Demo service providers, so that referrals can be tried across agencies, and a second
supervisor, so that an identification decision can be approved by someone else."""

from __future__ import annotations

from ctip.cases.models import ServiceProvider
from ctip.core.models import Agency

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
