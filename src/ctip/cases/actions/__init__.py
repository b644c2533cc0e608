"""Every write of the cases app: checked, atomic as a whole, audited in the same transaction.

One module a sub-domain; each action is ``<entity>_<verb>(*, actor, ...)`` and those fed by
a form or the API take a frozen dataclass (``case_open(actor=..., data=CaseOpenInput(...))``).
The checks they share (the lead agency, the case's version) are ``checks``. Audit events
carry field names and identifiers, never the personal values.
"""

from ctip.cases.actions.checks import Conflict, leads
from ctip.cases.actions.compound import CaseCompoundInput, case_compound_link
from ctip.cases.actions.consent import (
    ConsentInput,
    consent_allows_sharing,
    consent_record,
    consent_withdraw,
)
from ctip.cases.actions.contacts import ContactInput, indicator_add, indicator_remove
from ctip.cases.actions.documents import DocumentInput, document_add, export_recorded
from ctip.cases.actions.followups import followup_complete, followup_schedule
from ctip.cases.actions.handover import (
    answers,
    handover_answer,
    handover_end_access,
    handover_send,
    receiving_agency,
)
from ctip.cases.actions.identification import (
    DecisionInput,
    identification_approve,
    identification_decide,
    involved_agencies,
)
from ctip.cases.actions.intake import CaseOpenInput, IntakeResult, case_open
from ctip.cases.actions.persons import link_undo, person_link
from ctip.cases.actions.referrals import ReferralInput, receives, referral_answer, referral_send
from ctip.cases.actions.screening import (
    ScreeningDateInput,
    ScreeningDraftInput,
    ScreeningInput,
    screening_draft_save,
    screening_record,
    screening_reschedule,
    statement_record,
)
from ctip.cases.actions.sharing import ShareInput, case_share, share_revoke
from ctip.cases.actions.status import case_assign, case_transition
from ctip.cases.actions.support import DeliveryInput, delivery_record, plan_save

__all__ = [
    "CaseCompoundInput",
    "CaseOpenInput",
    "Conflict",
    "ConsentInput",
    "ContactInput",
    "DecisionInput",
    "DeliveryInput",
    "DocumentInput",
    "IntakeResult",
    "ReferralInput",
    "ScreeningDateInput",
    "ScreeningDraftInput",
    "ScreeningInput",
    "ShareInput",
    "answers",
    "case_assign",
    "case_compound_link",
    "case_open",
    "case_share",
    "case_transition",
    "consent_allows_sharing",
    "consent_record",
    "consent_withdraw",
    "delivery_record",
    "document_add",
    "export_recorded",
    "followup_complete",
    "followup_schedule",
    "handover_answer",
    "handover_end_access",
    "handover_send",
    "identification_approve",
    "identification_decide",
    "indicator_add",
    "indicator_remove",
    "involved_agencies",
    "leads",
    "link_undo",
    "person_link",
    "plan_save",
    "receives",
    "receiving_agency",
    "referral_answer",
    "referral_send",
    "screening_draft_save",
    "screening_record",
    "screening_reschedule",
    "share_revoke",
    "statement_record",
]
