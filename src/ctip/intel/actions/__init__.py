"""Every write of the intel app: checked, atomic as a whole, audited in the same transaction.

One module per sub-domain: ``reports`` (filing), ``triage`` (triage and disputes),
``indicators`` (verification, networks, export), ``evidence``, ``freeze_requests`` and
``freeze_accounts``, ``partners``. Each action takes the actor and, where it is fed by
a form or the API, a frozen dataclass input (``ReportInput``, ``FreezeRequestInput``...);
the checks they share are in ``_checks``. Audit events carry identifiers, counts and
field names, never narratives, reporters or indicator values.
"""

from ctip.intel.actions._checks import MAX_AMOUNT_VND
from ctip.intel.actions.compounds import CompoundLinkInput, compound_link
from ctip.intel.actions.evidence import (
    EvidenceInput,
    cluster_anchor,
    evidence_add,
    evidence_export,
    evidence_open,
    evidence_transfer,
)
from ctip.intel.actions.freeze_accounts import (
    AccountAnswerInput,
    freeze_account_answer,
    freeze_account_release,
    freeze_account_return,
)
from ctip.intel.actions.freeze_requests import (
    AlreadyAnswered,
    FreezeAnswerInput,
    FreezeRequestInput,
    freeze_request_answer,
    freeze_request_issue,
    freeze_requests_issue,
    freeze_requests_remind,
    institutions,
)
from ctip.intel.actions.indicators import clusters_rebuild, indicator_verify, indicators_export
from ctip.intel.actions.institutions import (
    InstitutionCodeInput,
    institution_code_add,
    institution_code_remove,
)
from ctip.intel.actions.partners import (
    MAX_KEPT_ERRORS,
    PARTNER_MAX_BYTES,
    PartnerImport,
    PartnerInput,
    partner_document,
    partner_import,
)
from ctip.intel.actions.reports import (
    MAX_INDICATORS,
    MAX_NARRATIVE,
    FiledReport,
    IndicatorInput,
    Rejected,
    ReportInput,
    normalise_all,
    report_file,
)
from ctip.intel.actions.triage import (
    DisputeInput,
    TriageInput,
    dispute_answer,
    dispute_open,
    report_triage,
)
from ctip.intel.triage import intake_agency

__all__ = [
    "MAX_AMOUNT_VND",
    "MAX_INDICATORS",
    "MAX_KEPT_ERRORS",
    "MAX_NARRATIVE",
    "PARTNER_MAX_BYTES",
    "AccountAnswerInput",
    "AlreadyAnswered",
    "CompoundLinkInput",
    "DisputeInput",
    "EvidenceInput",
    "FiledReport",
    "FreezeAnswerInput",
    "FreezeRequestInput",
    "IndicatorInput",
    "InstitutionCodeInput",
    "PartnerImport",
    "PartnerInput",
    "Rejected",
    "ReportInput",
    "TriageInput",
    "cluster_anchor",
    "clusters_rebuild",
    "compound_link",
    "dispute_answer",
    "dispute_open",
    "evidence_add",
    "evidence_export",
    "evidence_open",
    "evidence_transfer",
    "freeze_account_answer",
    "freeze_account_release",
    "freeze_account_return",
    "freeze_request_answer",
    "freeze_request_issue",
    "freeze_requests_issue",
    "freeze_requests_remind",
    "indicator_verify",
    "indicators_export",
    "institution_code_add",
    "institution_code_remove",
    "institutions",
    "intake_agency",
    "normalise_all",
    "partner_document",
    "partner_import",
    "report_file",
    "report_triage",
]
