"""Roles and what they may do, declared as data in one place.

Every check in the code asks for a permission code (``cases.view_case``), never a role.
A role grants a set of permission codes; a user holds one or more roles within one
agency. ``personal_data`` marks roles that see records of persons: they must use a
second factor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict[str, Promise] = {
    "core.view_dashboard": _("See the dashboard"),
    "core.manage_agencies": _("Manage the agency and its sub-agencies"),
    "core.manage_users": _("Manage staff accounts of the agency"),
    "core.manage_tokens": _("Issue and revoke API tokens for machine clients"),
    "core.view_audit": _("Read the audit trail"),
    "cases.intake": _("Open cases and record intake"),
    "cases.view_case": _("Read cases of the agency"),
    "cases.change_case": _("Change cases of the agency"),
    "cases.screen": _("Conduct screening interviews"),
    "cases.identify": _("Record identification decisions"),
    "cases.approve": _("Approve identification and closure"),
    "cases.refer": _("Send and answer referrals"),
    "cases.view_sensitive": _("Read sensitive sections (sexual violence, health)"),
    "cases.view_children": _("Read children's cases"),
    "cases.export": _("Print or export a case"),
    "cases.merge": _("Link and merge duplicate persons"),
    "screening.view_checks": _("Read saved job-offer checks"),
    "intel.report": _("File scam and recruiter reports"),
    "intel.view_reports": _("Read scam reports and clusters"),
    "intel.view_reporter": _("See who filed a report of the agency"),
    "intel.triage": _("Triage scam reports and answer disputes"),
    "intel.request_freeze": _("Issue suspension and freeze requests"),
    "intel.answer_freeze": _("Answer suspension and freeze requests"),
    "intel.manage_evidence": _("Collect and transfer electronic evidence"),
    "intel.share": _("Exchange indicators with partners"),
    "intel.manage_institutions": _(
        "Declare which institution holds which bank code, e-wallet or mobile operator"
    ),
    "compounds.view": _("Read the scam-compound register"),
    "compounds.change": _("Record and change scam compounds"),
    "cooperation.verify": _("Send and answer verification requests"),
    "cooperation.handover": _("Run handover operations"),
    "cooperation.joint": _(
        "Share a criminal case with a counterpart abroad and exchange requests for legal assistance"
    ),
    "hotline.take_calls": _("Record hotline calls"),
    "hotline.trace": _("Record and read tracing and rescue requests"),
    "hotline.handle_requests": _("Handle tracing requests: status, matches"),
    "proceedings.view": _("Read denunciations and investigation files in scope"),
    "proceedings.receive": _("Record denunciations and crime reports"),
    "proceedings.decide": _("Decide on denunciations and stages of criminal cases"),
    "proceedings.record": _("Record accused persons, charges, victims and assets"),
    "proceedings.share": _("Share an investigation file with another agency"),
    "registry.view": _("Read the register of licensed recruitment enterprises"),
    "registry.manage": _("Import the published list and change licence statuses"),
    "registry.workers": _("Register contracts and workers abroad, and read them"),
    "registry.incidents": _("Receive and answer incidents of workers abroad"),
    "stats.view": _("Read de-identified statistics"),
    "outreach.manage_subscribers": _("Import subscriber lists and the do-not-contact list"),
    "outreach.run_campaigns": _("Prepare and send text-message warning campaigns"),
    "outreach.write_warnings": _("Draft public warnings"),
    "outreach.publish_warnings": _("Approve and publish public warnings"),
    "outreach.manage_training": _("Record officers' training"),
    "stats.export": _("Export de-identified statistics"),
    "stats.release": _("Publish statistical releases"),
    "stats.manage_budget": _("Set the privacy-loss budget of statistical datasets"),
}


@dataclass(frozen=True)
class Role:
    code: str
    label: Promise
    permissions: frozenset[str]
    personal_data: bool


def _role(code: str, label: Promise, perms: set[str], *, personal_data: bool = True) -> Role:
    unknown = perms - PERMISSIONS.keys()
    if unknown:
        raise ValueError(f"Role {code} names unknown permissions: {sorted(unknown)}")
    return Role(code, label, frozenset(perms | {"core.view_dashboard"}), personal_data)


ROLES: dict[str, Role] = {
    r.code: r
    for r in (
        _role(
            "agency_admin",
            _("Agency administrator"),
            {"core.manage_agencies", "core.manage_users", "core.manage_tokens"},
        ),
        _role(
            "intake_officer",
            _("Intake officer"),
            {
                "cases.intake",
                "cases.view_case",
                "cases.screen",
                "screening.view_checks",
                "compounds.view",
            },
        ),
        _role(
            "case_worker",
            _("Case worker"),
            {
                "cases.intake",
                "cases.view_case",
                "cases.view_children",
                "cases.change_case",
                "cases.screen",
                "cases.refer",
                "cases.view_sensitive",
                "cases.merge",
                "compounds.view",
            },
        ),
        _role(
            "supervisor",
            _("Supervisor"),
            {
                "cases.view_case",
                "cases.view_children",
                "cases.change_case",
                "cases.identify",
                "cases.approve",
                "cases.refer",
                "cases.view_sensitive",
                "cases.export",
                "cases.merge",
                "compounds.view",
            },
        ),
        _role(
            "hotline_operator",
            _("Hotline operator"),
            {
                "hotline.take_calls",
                "hotline.trace",
                "cases.intake",
                "intel.report",
                "screening.view_checks",
            },
        ),
        _role(
            "investigator",
            _("Investigator"),
            {
                "intel.report",
                "intel.view_reports",
                "intel.view_reporter",
                "intel.triage",
                "intel.request_freeze",
                "intel.manage_evidence",
                "cases.view_case",
                "cases.view_children",
                "cooperation.verify",
                "cooperation.joint",
                "hotline.trace",
                "hotline.handle_requests",
                "compounds.view",
                "compounds.change",
                "proceedings.view",
                "proceedings.receive",
                "proceedings.decide",
                "proceedings.record",
                "proceedings.share",
                "registry.view",
            },
        ),
        _role(
            "procurator",
            _("Procurator"),
            {
                "proceedings.view",
                "proceedings.decide",
                "proceedings.record",
                "proceedings.share",
                "cooperation.joint",
            },
        ),
        _role(
            "judge",
            _("Judge"),
            {"proceedings.view", "proceedings.decide"},
        ),
        _role(
            "court_clerk",
            _("Court clerk"),
            {"proceedings.view", "proceedings.record"},
        ),
        _role(
            "analyst",
            _("Analyst"),
            {
                "intel.view_reports",
                "intel.share",
                "intel.request_freeze",
                "screening.view_checks",
                "stats.view",
                "compounds.view",
                "compounds.change",
                "outreach.write_warnings",
            },
        ),
        _role(
            "statistician", _("Statistician"), {"stats.view", "stats.export"}, personal_data=False
        ),
        _role(
            "national_statistician",
            _("National statistician"),
            {"stats.view", "stats.export", "stats.release", "stats.manage_budget"},
            personal_data=False,
        ),
        _role(
            "liaison",
            _("Liaison officer (bank, telco, platform)"),
            {"intel.answer_freeze", "intel.report"},
        ),
        _role(
            "partner",
            _("Partner agency abroad"),
            {"cooperation.verify", "cooperation.handover", "cooperation.joint"},
        ),
        _role(
            "reception_officer",
            _("Reception officer at the border"),
            {
                "cooperation.handover",
                "cooperation.verify",
                "cases.intake",
                "cases.view_case",
                "cases.screen",
                "compounds.view",
            },
        ),
        _role("auditor", _("Auditor"), {"core.view_audit"}),
        _role(
            "intel_admin",
            _("Administrator of freeze routing"),
            {"intel.manage_institutions"},
            personal_data=False,
        ),
        _role(
            "communication_officer",
            _("Communication officer"),
            {
                "outreach.manage_subscribers",
                "outreach.run_campaigns",
                "outreach.write_warnings",
                "outreach.manage_training",
            },
        ),
        _role(
            "communication_lead",
            _("Head of communication"),
            {"outreach.run_campaigns", "outreach.write_warnings", "outreach.publish_warnings"},
        ),
        _role(
            "labour_officer",
            _("Labour authority officer"),
            {
                "registry.view",
                "registry.manage",
                "registry.workers",
                "registry.incidents",
            },
        ),
        _role(
            "board_officer",
            _("Labour Management Board officer"),
            {"registry.view", "registry.workers", "registry.incidents", "cases.intake"},
        ),
    )
}


def permissions_for(role_codes: list[str] | tuple[str, ...]) -> frozenset[str]:
    perms: set[str] = set()
    for code in role_codes:
        role = ROLES.get(code)
        if role is not None:
            perms |= role.permissions
    return frozenset(perms)


# What no administrator may give by themselves: the permissions that read records of
# persons or intelligence, and those that administer accounts (an administrator could
# otherwise create a second administrator to approve their own requests). A role or a
# token scope that adds one of these waits for a second administrator (``core.actions``).
GUARDED_PERMISSIONS: frozenset[str] = frozenset(
    {
        "core.manage_agencies",
        "core.manage_users",
        "core.manage_tokens",
        "cases.view_children",
        "cases.intake",
        "cases.view_case",
        "cases.change_case",
        "cases.screen",
        "cases.identify",
        "cases.approve",
        "cases.refer",
        "cases.view_sensitive",
        "cases.export",
        "cases.merge",
        "intel.report",
        "intel.view_reports",
        "intel.view_reporter",
        "intel.request_freeze",
        "intel.answer_freeze",
        "intel.manage_evidence",
        "intel.triage",
        "intel.share",
        "intel.manage_institutions",
        "cooperation.verify",
        "cooperation.handover",
        "cooperation.joint",
        "compounds.view",
        "compounds.change",
        "hotline.take_calls",
        "hotline.trace",
        "hotline.handle_requests",
        "outreach.manage_subscribers",
        "outreach.run_campaigns",
        "proceedings.view",
        "proceedings.receive",
        "proceedings.decide",
        "proceedings.record",
        "proceedings.share",
        "registry.workers",
        "registry.incidents",
    }
)


def guarded(codes: frozenset[str] | set[str] | list[str]) -> frozenset[str]:
    """The guarded permissions among ``codes``."""
    return GUARDED_PERMISSIONS & frozenset(codes)


def needs_second_factor(role_codes: list[str] | tuple[str, ...]) -> bool:
    return any(ROLES[c].personal_data for c in role_codes if c in ROLES)


ROLE_CHOICES = [(r.code, r.label) for r in ROLES.values()]
