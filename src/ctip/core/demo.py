"""Demo data: agencies across provinces and abroad, one account per role in two agencies.

Loading is idempotent: running ``ctip demo`` again keeps what exists and adds what is
missing. Demo accounts are marked ``is_demo`` and skip the second factor only while the
demo mode is on.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from ctip.core import actions
from ctip.core.models import Agency, AgencyType, Province, User

PASSWORD = "ctip-demo-2026"  # noqa: S105  (printed on purpose: demo mode only)

# (code, type, name_vi, name_en, province name or None, country, parent code)
AGENCIES = [
    (
        "national",
        AgencyType.OVERSIGHT,
        "Văn phòng Thường trực phòng, chống mua bán người",
        "Standing Office on Counter-Trafficking",
        None,
        "VN",
        None,
    ),
    (
        "police-hanoi",
        AgencyType.POLICE,
        "Công an thành phố Hà Nội",
        "Ha Noi City Police",
        "Hà Nội",
        "VN",
        "national",
    ),
    (
        "police-nghean",
        AgencyType.POLICE,
        "Công an tỉnh Nghệ An",
        "Nghe An Provincial Police",
        "Nghệ An",
        "VN",
        "national",
    ),
    (
        "bp-tayninh",
        AgencyType.BORDER_GUARD,
        "Bộ đội Biên phòng tỉnh Tây Ninh",
        "Tay Ninh Border Guard",
        "Tây Ninh",
        "VN",
        "national",
    ),
    (
        "bp-angiang",
        AgencyType.BORDER_GUARD,
        "Bộ đội Biên phòng tỉnh An Giang",
        "An Giang Border Guard",
        "An Giang",
        "VN",
        "national",
    ),
    (
        "btxh-hanoi",
        AgencyType.SOCIAL_PROTECTION,
        "Cơ sở trợ giúp xã hội Hà Nội",
        "Ha Noi Social Protection Centre",
        "Hà Nội",
        "VN",
        "national",
    ),
    (
        "btxh-nghean",
        AgencyType.SOCIAL_PROTECTION,
        "Cơ sở trợ giúp xã hội Nghệ An",
        "Nghe An Social Protection Centre",
        "Nghệ An",
        "VN",
        "national",
    ),
    (
        "hotline-111",
        AgencyType.HOTLINE,
        "Tổng đài quốc gia bảo vệ trẻ em và phòng, chống mua bán người 111",
        "National Hotline 111",
        "Hà Nội",
        "VN",
        "national",
    ),
    (
        "hotline-nghean",
        AgencyType.HOTLINE,
        "Đường dây nóng Công an tỉnh Nghệ An",
        "Nghe An Police Hotline",
        "Nghệ An",
        "VN",
        "national",
    ),
    (
        "bank-a",
        AgencyType.BANK,
        "Ngân hàng thương mại A (minh hoạ)",
        "Commercial Bank A (demo)",
        "Hồ Chí Minh",
        "VN",
        "national",
    ),
    (
        "bank-b",
        AgencyType.BANK,
        "Ngân hàng thương mại B (minh hoạ)",
        "Commercial Bank B (demo)",
        "Hà Nội",
        "VN",
        "national",
    ),
    (
        "kh-police",
        AgencyType.COUNTERPART,
        "Cảnh sát Quốc gia Campuchia (đầu mối)",
        "Cambodian National Police (focal point)",
        None,
        "KH",
        "national",
    ),
    (
        "la-police",
        AgencyType.COUNTERPART,
        "Bộ An ninh Lào (đầu mối)",
        "Lao Ministry of Public Security (focal point)",
        None,
        "LA",
        "national",
    ),
    (
        "mm-police",
        AgencyType.COUNTERPART,
        "Cảnh sát Myanmar (đầu mối)",
        "Myanmar Police Force (focal point)",
        None,
        "MM",
        "national",
    ),
]

# role -> the two agencies of one type where a demo account holds it
ROLE_AGENCIES = {
    "agency_admin": ("police-hanoi", "police-nghean"),
    "intake_officer": ("bp-tayninh", "bp-angiang"),
    "case_worker": ("btxh-hanoi", "btxh-nghean"),
    "supervisor": ("btxh-hanoi", "btxh-nghean"),
    "hotline_operator": ("hotline-111", "hotline-nghean"),
    "investigator": ("police-hanoi", "police-nghean"),
    "analyst": ("police-hanoi", "police-nghean"),
    "statistician": ("btxh-hanoi", "btxh-nghean"),
    "liaison": ("bank-a", "bank-b"),
    "partner": ("kh-police", "la-police"),
    "reception_officer": ("bp-tayninh", "bp-angiang"),
    "auditor": ("police-hanoi", "police-nghean"),
}


# A decision is approved by someone other than its author: one agency has two
# supervisors so that the whole protection flow can be tried inside it.
EXTRA_ACCOUNTS = [("supervisor-2.btxh-hanoi", "supervisor", "btxh-hanoi")]


def demo_username(role: str, agency_code: str) -> str:
    return f"{role.replace('_', '-')}.{agency_code}"


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    """Create what is missing; return (username, role, agency) for every demo account."""
    for code, type_, name_vi, name_en, province, country, parent in AGENCIES:
        if Agency.objects.filter(code=code).exists():
            continue
        actions.agency_create(
            actor=None,
            code=code,
            type=type_,
            name_vi=name_vi,
            name_en=name_en,
            province=Province.objects.get(name=province) if province else None,
            country=country,
            parent=Agency.objects.get(code=parent) if parent else None,
        )
    accounts = [("admin.national", "agency_admin", "national")]
    accounts += [
        (demo_username(role, code), role, code)
        for role, codes in ROLE_AGENCIES.items()
        for code in codes
    ]
    accounts += EXTRA_ACCOUNTS
    for username, role, code in accounts:
        if not User.objects.filter(username=username).exists():
            actions.user_create(
                actor=None,
                agency=Agency.objects.get(code=code),
                username=username,
                password=PASSWORD,
                roles=[role],
                display_name=username,
                is_demo=True,
            )
    return accounts


def load_apps() -> list[str]:
    """Load each domain app's demo data: ``<app>/demo.py`` with a ``load()`` function.

    Found by convention so that the platform core imports no domain app.
    """
    loaded = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ctip.") or config.name == "ctip.core":
            continue
        if module_has_submodule(config.module, "demo"):
            import_module(f"{config.name}.demo").load()
            loaded.append(config.label)
    return loaded
