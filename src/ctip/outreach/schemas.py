"""Input and output schemas of the outreach API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from ctip.core.schemas import Id
from ctip.outreach.models import (
    AgeGroup,
    Channel,
    DoNotContactReason,
    EncodingChoice,
    Level,
    Result,
    Topic,
    Variant,
    WarningKind,
)


class ListImportIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    csv: str = Field(
        ...,
        min_length=1,
        max_length=5_000_000,
        description="phone,province,age_group,channel,consent (header line first)",
    )


class RowErrorOut(Schema):
    row: int
    message: str


class ListImportOut(Schema):
    list_id: int
    imported: int
    updated: int
    errors: list[RowErrorOut]


class ListOut(Schema):
    id: int
    name: str
    subscribers: int
    created_at: datetime


class DoNotContactIn(Schema):
    numbers: list[str] = Field(..., min_length=1, max_length=100_000)
    reason: DoNotContactReason = DoNotContactReason.REGISTER


class DoNotContactOut(Schema):
    added: int
    already: int
    errors: list[RowErrorOut]


class CampaignIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    text_vi: str = Field(..., min_length=1, max_length=1600)
    text_en: str = Field("", max_length=1600)
    variant: Variant = Variant.VI_PLAIN
    encoding: EncodingChoice = EncodingChoice.AUTO
    max_parts: int = Field(2, ge=1, le=6)
    lists: list[Id] = Field(..., min_length=1, max_length=50)
    provinces: list[str] = Field(default_factory=list, max_length=34)
    age_groups: list[AgeGroup] = Field(default_factory=list, max_length=6)
    channels: list[Channel] = Field(default_factory=lambda: [Channel.SMS], max_length=3)


class CampaignScheduleIn(Schema):
    starts_at: datetime | None = None


class PreviewOut(Schema):
    text: str
    unaccented: str
    encoding: str
    characters: int
    parts: int
    per_part: int
    remaining: int
    recipients: int
    cost: int
    fits: bool
    problems: list[str]


class ReachOut(Schema):
    planned: int
    submitted: int
    delivered: int
    failed: int
    skipped: int
    unknown: int


class CampaignRowOut(Schema):
    id: int
    name: str
    state: str
    state_label: str
    starts_at: datetime | None
    created_at: datetime


class CampaignOut(Schema):
    id: int
    name: str
    state: str
    state_label: str
    text_vi: str
    text_en: str
    variant: str
    encoding: str
    max_parts: int
    lists: list[str]
    provinces: list[str]
    age_groups: list[str]
    channels: list[str]
    starts_at: datetime | None
    finished_at: datetime | None
    preview: PreviewOut
    reach: ReachOut


class OutreachOutcomeWeekOut(Schema):
    start: date
    end: date
    after: bool
    targeted: int | None
    untargeted: int | None
    unplaced: int | None = Field(
        None,
        description="records without a province (job-offer checks only); null when hidden",
    )


class OutreachCoverageOut(Schema):
    total: int | None = Field(..., description="records counted over all the weeks shown")
    unplaced: int | None = Field(
        ..., description="of them, without a province: left out of the comparison"
    )


class OutreachEffectCellsOut(Schema):
    targeted_before: int
    targeted_after: int
    untargeted_before: int
    untargeted_after: int


class OutreachEffectOut(Schema):
    cells: OutreachEffectCellsOut
    ratio: float
    low: float
    high: float
    corrected: bool
    clear: bool


class OutreachOutcomeOut(Schema):
    indicator: str
    label: str
    weeks: list[OutreachOutcomeWeekOut]
    weeks_compared: int
    effect: OutreachEffectOut | None
    effect_hidden: bool
    coverage: OutreachCoverageOut | None


class OutreachCampaignOutcomesOut(Schema):
    campaign_id: int
    start: date | None
    targeted: list[str]
    weeks_before: int
    outcomes: list[OutreachOutcomeOut]
    note: str
    threshold: int


class WarningIn(Schema):
    kind: WarningKind
    title_vi: str = Field(..., min_length=1, max_length=200)
    title_en: str = Field(..., min_length=1, max_length=200)
    body_vi: str = Field(..., min_length=1, max_length=20000)
    body_en: str = Field(..., min_length=1, max_length=20000)


class FromNetworkIn(Schema):
    cluster_id: str = Field(..., min_length=1, max_length=64, description="an intel network")


class OutreachFromLureIn(Schema):
    code: str = Field(
        ..., min_length=1, max_length=64, description="a warning sign of the job-offer check"
    )


class OutreachLureProvinceOut(Schema):
    code: str
    name: str
    recent: int


class OutreachLureOut(Schema):
    code: str
    sign: str
    recent: int
    earlier: int
    recent_share: float
    earlier_share: float
    rising: bool
    provinces: list[OutreachLureProvinceOut]
    provinces_hidden: bool


class OutreachUnseenPhraseOut(Schema):
    phrase: str
    checks: int


class OutreachLuresOut(Schema):
    weeks: int
    recent_checks: int
    earlier_checks: int
    lures: list[OutreachLureOut]
    phrases: list[OutreachUnseenPhraseOut]
    phrases_min_checks: int


class WarningOut(Schema):
    id: int
    kind: str
    title_vi: str
    title_en: str
    body_vi: str
    body_en: str
    state: str
    author: str
    approver: str
    created_at: datetime
    published_at: datetime | None


class PublicWarningOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    agency: str
    published_at: datetime


class CourseIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    topic: Topic
    level: Level
    materials: str = Field("", max_length=5000)


class CourseOut(Schema):
    id: int
    title: str
    topic: str
    level: str
    sessions: int


class SessionIn(Schema):
    course_id: Id
    starts_on: date
    place: str = Field(..., min_length=1, max_length=200)
    province: str = Field(..., min_length=1, max_length=40)
    trainer: str = Field(..., min_length=1, max_length=200)


class AttendeeIn(Schema):
    user_id: Id
    result: Result = Result.ENROLLED
    score: int | None = Field(None, ge=0, le=100)
    certificate: str = Field("", max_length=40)


class AttendeesIn(Schema):
    attendees: list[AttendeeIn] = Field(..., min_length=1, max_length=500)


class AttendeeOut(Schema):
    user_id: int
    name: str
    result: str
    score: int | None
    certificate: str


class SessionOut(Schema):
    id: int
    course: str
    starts_on: date
    place: str
    province: str
    trainer: str
    attendees: list[AttendeeOut]
