"""What victim protection records in the audit trail: persons, cases and their steps."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, name_targets, register


@register
class CasesEvent(EventType):
    """Every code the cases app records; the value is the code stored in the trail."""

    PERSON_CREATED = (
        "PERSON_CREATED",
        _("Person recorded"),
        _("{actor} recorded {target}"),
    )
    PERSONS_LINKED = (
        "PERSONS_LINKED",
        _("Records linked as the same person"),
        _("{actor} linked {target} with another record of the same person"),
    )
    PERSONS_UNLINKED = (
        "PERSONS_UNLINKED",
        _("Link between records undone"),
        _("{actor} undid a link of {target}"),
    )
    PERSONS_MERGED = (
        "PERSONS_MERGED",
        _("Records merged"),
        _("{actor} merged another record into {target}"),
    )
    PERSONS_UNMERGED = (
        "PERSONS_UNMERGED",
        _("Merge undone"),
        _("{actor} undid a merge into {target}"),
    )
    RECORDS_LISTED = (
        "RECORDS_LISTED",
        _("Records listed"),
        _("{actor} listed records of persons"),
    )
    DUPLICATES_SEARCHED = (
        "DUPLICATES_SEARCHED",
        _("Searched for the same person"),
        _("{actor} searched for other records of {target}"),
    )
    CASES_SEARCHED = (
        "CASES_SEARCHED",
        _("Cases searched"),
        _("{actor} searched cases"),
    )
    CASE_OPENED = (
        "CASE_OPENED",
        _("Case opened"),
        _("{actor} opened {target}"),
    )
    CASE_REOPENED = (
        "CASE_REOPENED",
        _("Case reopened"),
        _("{actor} reopened {target}"),
    )
    CASE_STATUS_CHANGED = (
        "CASE_STATUS_CHANGED",
        _("Case moved to another stage"),
        _("{actor} moved {target} to another stage"),
    )
    CASE_ASSIGNED = (
        "CASE_ASSIGNED",
        _("Case worker assigned"),
        _("{actor} assigned a case worker to {target}"),
    )
    CASE_COMPOUND_LINKED = (
        "CASE_COMPOUND_LINKED",
        _("Compound of a case chosen in the register"),
        _("{actor} chose the compound of {target} in the register"),
    )
    CONSENT_RECORDED = (
        "CONSENT_RECORDED",
        _("Consent recorded"),
        _("{actor} recorded consent for {target}"),
    )
    CONSENT_WITHDRAWN = (
        "CONSENT_WITHDRAWN",
        _("Consent withdrawn"),
        _("{actor} recorded that consent for {target} was withdrawn"),
    )
    CASE_SHARED = (
        "CASE_SHARED",
        _("Case shared with an agency"),
        _("{actor} shared {target} with an agency"),
    )
    CASE_SHARE_REVOKED = (
        "CASE_SHARE_REVOKED",
        _("Sharing ended"),
        _("{actor} ended sharing of {target}"),
    )
    CASE_HANDED_OVER = (
        "CASE_HANDED_OVER",
        _("Case handed over"),
        _("{actor} handed {target} over to another agency"),
    )
    HANDOVER_ACCEPTED = (
        "HANDOVER_ACCEPTED",
        _("Hand-over accepted"),
        _("{actor} accepted {target} handed over by another agency"),
    )
    HANDOVER_RETURNED = (
        "HANDOVER_RETURNED",
        _("Hand-over returned"),
        _("{actor} returned {target} to the agency that handed it over"),
    )
    HANDOVER_ACCESS_ENDED = (
        "HANDOVER_ACCESS_ENDED",
        _("Sending agency's access ended"),
        _("{actor} ended the sending agency's access to {target}"),
    )
    ON_FILE_CHECKED = (
        "ON_FILE_CHECKED",
        _("Checked whether already on file"),
        _("{actor} checked whether {target} is already on file elsewhere"),
    )
    HANDOVER_IMPORTED = (
        "HANDOVER_IMPORTED",
        _("Handover list imported"),
        _("{actor} imported {target}"),
    )
    SCREENING_RECORDED = (
        "SCREENING_RECORDED",
        _("Screening interview recorded"),
        _("{actor} recorded a screening interview in {target}"),
    )
    SCREENING_RESCHEDULED = (
        "SCREENING_RESCHEDULED",
        _("Screening interview moved to another day"),
        _("{actor} moved the screening interview of {target} to another day"),
    )
    SCREENING_DRAFT_SAVED = (
        "SCREENING_DRAFT_SAVED",
        _("Screening interview draft saved"),
        _("{actor} saved a draft of a screening interview in {target}"),
    )
    NON_PUNISHMENT_RECORDED = (
        "NON_PUNISHMENT_RECORDED",
        _("Statement on non-punishment recorded"),
        _("{actor} recorded a statement on non-punishment in {target}"),
    )
    IDENTIFICATION_DECIDED = (
        "IDENTIFICATION_DECIDED",
        _("Identification decided"),
        _("{actor} decided on the identification in {target}"),
    )
    IDENTIFICATION_APPROVED = (
        "IDENTIFICATION_APPROVED",
        _("Identification approved"),
        _("{actor} approved the identification in {target}"),
    )
    CASE_PLAN_SAVED = (
        "CASE_PLAN_SAVED",
        _("Support plan saved"),
        _("{actor} saved the support plan of {target}"),
    )
    REFERRAL_SENT = (
        "REFERRAL_SENT",
        _("Referral sent"),
        _("{actor} referred {target} to a service"),
    )
    REFERRAL_ACCEPTED = (
        "REFERRAL_ACCEPTED",
        _("Referral accepted"),
        _("{actor} accepted a referral of {target}"),
    )
    REFERRAL_DECLINED = (
        "REFERRAL_DECLINED",
        _("Referral declined"),
        _("{actor} declined a referral of {target}"),
    )
    REFERRAL_COMPLETED = (
        "REFERRAL_COMPLETED",
        _("Referral completed"),
        _("{actor} completed a referral of {target}"),
    )
    SUPPORT_DELIVERED = (
        "SUPPORT_DELIVERED",
        _("Support given"),
        _("{actor} recorded support given in {target}"),
    )
    FOLLOWUPS_SCHEDULED = (
        "FOLLOWUPS_SCHEDULED",
        _("Follow-up visits scheduled"),
        _("{actor} scheduled follow-up visits for {target}"),
    )
    FOLLOWUPS_UNSCHEDULED = (
        "FOLLOWUPS_UNSCHEDULED",
        _("Follow-up visits cancelled"),
        _("{actor} cancelled follow-up visits of {target}"),
    )
    FOLLOWUP_DONE = (
        "FOLLOWUP_DONE",
        _("Follow-up visit done"),
        _("{actor} recorded a follow-up visit for {target}"),
    )
    DOCUMENT_ADDED = (
        "DOCUMENT_ADDED",
        _("Document attached"),
        _("{actor} attached a document to {target}"),
    )
    DOCUMENT_DOWNLOADED = (
        "DOCUMENT_DOWNLOADED",
        _("Document downloaded"),
        _("{actor} downloaded {target}"),
    )
    CASE_INDICATOR_ADDED = (
        "CASE_INDICATOR_ADDED",
        _("Contact of a recruiter added"),
        _("{actor} added a recruiter's contact to {target}"),
    )
    CASE_INDICATOR_REMOVED = (
        "CASE_INDICATOR_REMOVED",
        _("Contact of a recruiter removed"),
        _("{actor} removed a recruiter's contact from {target}"),
    )
    CASE_EXPORTED = (
        "CASE_EXPORTED",
        _("Case exported"),
        _("{actor} exported {target}"),
    )
    CTDC_EXPORTED = (
        "CTDC_EXPORTED",
        _("Anonymised statistics exported"),
        _("{actor} exported anonymised statistics"),
    )
    CASE_AGE_DETERMINED = (
        "CASE_AGE_DETERMINED",
        _("Age determined"),
        _("{actor} recorded how the age of the person in {target} was determined"),
    )
    CASE_GUARDIAN_ADDED = (
        "CASE_GUARDIAN_ADDED",
        _("Guardian or representative recorded"),
        _("{actor} recorded a guardian or representative in {target}"),
    )
    CASE_GUARDIAN_SUSPECTED = (
        "CASE_GUARDIAN_SUSPECTED",
        _("Guardian marked as suspected"),
        _("{actor} marked a guardian in {target} as suspected of involvement"),
    )
    CASE_BEST_INTERESTS_DECIDED = (
        "CASE_BEST_INTERESTS_DECIDED",
        _("Best interests assessed and placement decided"),
        _("{actor} assessed the best interests of the child in {target} and decided the placement"),
    )


name_targets(
    {
        "cases.casedocument": _("document"),
        "cases.handoverimport": _("hand-over list"),
    }
)
