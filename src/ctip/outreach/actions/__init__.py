"""Writes of the outreach app, split by sub-domain."""

from ctip.outreach.actions.campaigns import (
    CampaignInput,
    Preview,
    ScheduleInput,
    campaign_cancel,
    campaign_draft,
    campaign_schedule,
    preview,
)
from ctip.outreach.actions.subscribers import (
    DoNotContactInput,
    ListImportInput,
    ListImportResult,
    RowError,
    do_not_contact_add,
    opt_out,
    subscriber_list_import,
)

__all__ = [
    "CampaignInput",
    "DoNotContactInput",
    "ListImportInput",
    "ListImportResult",
    "Preview",
    "RowError",
    "ScheduleInput",
    "campaign_cancel",
    "campaign_draft",
    "campaign_schedule",
    "do_not_contact_add",
    "opt_out",
    "preview",
    "subscriber_list_import",
]
