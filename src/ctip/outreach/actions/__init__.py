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
from ctip.outreach.actions.outcomes import outcomes_shown
from ctip.outreach.actions.subscribers import (
    DoNotContactInput,
    ListImportInput,
    ListImportResult,
    RowError,
    do_not_contact_add,
    opt_out,
    subscriber_list_import,
)
from ctip.outreach.actions.training import (
    AttendeeInput,
    CourseInput,
    SessionInput,
    attendance_record,
    course_create,
    session_create,
)
from ctip.outreach.actions.warnings import (
    WarningInput,
    warning_draft,
    warning_from_lure,
    warning_from_network,
    warning_publish,
    warning_withdraw,
)

__all__ = [
    "AttendeeInput",
    "CampaignInput",
    "CourseInput",
    "DoNotContactInput",
    "ListImportInput",
    "ListImportResult",
    "Preview",
    "RowError",
    "ScheduleInput",
    "SessionInput",
    "WarningInput",
    "attendance_record",
    "campaign_cancel",
    "campaign_draft",
    "campaign_schedule",
    "course_create",
    "do_not_contact_add",
    "opt_out",
    "outcomes_shown",
    "preview",
    "session_create",
    "subscriber_list_import",
    "warning_draft",
    "warning_from_lure",
    "warning_from_network",
    "warning_publish",
    "warning_withdraw",
]
