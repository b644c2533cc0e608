"""Navigation by role: each entry shows only to users whose roles grant its permission."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, permission). Later apps add their entries here.
NAVIGATION = [
    ("core:dashboard", _("Dashboard"), "core.view_dashboard"),
    ("core:notifications", _("Notifications"), "core.view_dashboard"),
    ("core:agency_list", _("Agencies"), "core.manage_agencies"),
    ("core:user_list", _("Staff"), "core.manage_users"),
    ("core:token_list", _("API tokens"), "core.manage_tokens"),
    ("core:audit_list", _("Audit trail"), "core.view_audit"),
    ("screening:checks", _("Job-offer checks"), "screening.view_checks"),
    ("cases:list", _("Cases"), "cases.view_case"),
    ("cases:new", _("New intake"), "cases.intake"),
    ("intel:reports", _("Scam reports"), "intel.view_reports"),
    ("intel:clusters", _("Scam networks"), "intel.view_reports"),
    ("intel:triage", _("Reports to triage"), "intel.triage"),
    ("intel:report_new", _("New scam report"), "intel.report"),
    ("intel:freeze_list", _("Freeze requests"), "intel.request_freeze"),
    ("proceedings:denunciations", _("Denunciations"), "proceedings.view"),
    ("proceedings:cases", _("Criminal cases"), "proceedings.view"),
    ("proceedings:figures", _("Proceedings figures"), "stats.view"),
    ("intel:inbox", _("Requests to freeze"), "intel.answer_freeze"),
    ("intel:partners", _("Partner sources"), "intel.share"),
    ("intel:institutions", _("Who holds which accounts"), "intel.manage_institutions"),
    ("hotline:call_new", _("Log a call"), "hotline.take_calls"),
    ("hotline:requests", _("Tracing requests"), "hotline.trace"),
    ("compounds:list", _("Scam compounds"), "compounds.view"),
    ("cooperation:verifications", _("Verification requests"), "cooperation.verify"),
    ("cooperation:handovers", _("Handovers"), "cooperation.handover"),
    ("cooperation:joints", _("Joint investigations"), "cooperation.joint"),
    ("outreach:campaigns", _("Warning campaigns"), "outreach.run_campaigns"),
    ("outreach:warnings", _("Public warnings"), "outreach.write_warnings"),
    ("outreach:training", _("Training"), "outreach.manage_training"),
    ("registry:enterprises", _("Licensed enterprises"), "registry.view"),
    ("registry:workers", _("Workers abroad"), "registry.workers"),
    ("registry:incidents", _("Incidents abroad"), "registry.incidents"),
    ("stats:table", _("Statistics"), "stats.view"),
    ("stats:releases", _("Statistical releases"), "stats.view"),
]

# What anyone may use without an account; entries of apps not installed are skipped.
PUBLIC_NAVIGATION = [
    ("screening:check", _("Check a job offer")),
    ("intel:lookup", _("Check a number or account")),
    ("registry:lookup", _("Check a recruiter")),
    ("registry:incident_report", _("Report trouble abroad")),
    ("intel:report", _("Report a scam")),
    ("intel:follow", _("Follow your report")),
    ("hotline:follow", _("Follow a tracing request")),
    ("outreach:public_warnings", _("Warnings")),
    ("core:login", _("Staff sign-in")),
]


# Each entry's address, found once per process for each script prefix and URL
# configuration instead of on every page (some thirty ``reverse`` calls, about 2 ms of a
# page's CPU); None for an entry whose app is not installed.
_URLS: dict[tuple[str, str, str], str | None] = {}


def _url(name: str) -> str | None:
    key = (get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF), name)
    if key not in _URLS:
        try:
            _URLS[key] = reverse(name)
        except NoReverseMatch:
            _URLS[key] = None
    return _URLS[key]


def _entry(name: str, label: Any, current: str) -> dict[str, Any] | None:
    url = _url(name)
    if url is None:
        return None
    return {"url": url, "label": label, "current": name == current}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    current = request.resolver_match.view_name if request.resolver_match else ""
    if user is None or not user.is_authenticated or not request.session.get("ctip_second_factor"):
        entries = [_entry(name, label, current) for name, label in PUBLIC_NAVIGATION]
    else:
        entries = []
        for name, label, perm in NAVIGATION:
            if not user.has_ctip_perm(perm):
                continue
            entry = _entry(name, label, current)
            if entry is not None and name == "core:notifications":
                # One indexed count per page: the unread notices of the user's agency.
                from ctip.core.selectors import unread_count

                entry["count"] = unread_count(user)
            entries.append(entry)
    return {"nav": [e for e in entries if e is not None]}
