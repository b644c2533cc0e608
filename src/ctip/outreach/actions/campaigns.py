"""Campaigns: draft, preview (parts and cost), schedule within the hours, cancel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Province, User
from ctip.core.scope import get_visible, visible
from ctip.outreach import clock, conf
from ctip.outreach.actions._common import require
from ctip.outreach.engine import hours
from ctip.outreach.engine import text as sms_text
from ctip.outreach.events import OutreachEvent
from ctip.outreach.models import (
    AgeGroup,
    Campaign,
    CampaignState,
    Channel,
    EncodingChoice,
    Subscriber,
    SubscriberList,
    Variant,
)

PERMISSION = "outreach.run_campaigns"
MAX_PARTS = 6


@dataclass(frozen=True)
class CampaignInput:
    name: str
    text_vi: str
    text_en: str = ""
    variant: str = Variant.VI_PLAIN
    encoding: str = EncodingChoice.AUTO
    max_parts: int = 2
    lists: tuple[int, ...] = ()
    provinces: tuple[str, ...] = ()  # province codes; none: every province
    age_groups: tuple[str, ...] = ()
    channels: tuple[str, ...] = (Channel.SMS,)


@dataclass(frozen=True)
class Preview:
    text: str  # what will be sent
    unaccented: str  # the generated unaccented variant of the Vietnamese text
    encoding: str
    characters: int
    parts: int
    per_part: int
    remaining: int
    recipients: int
    cost: int  # VND
    fits: bool
    problems: tuple[str, ...] = field(default_factory=tuple)


def text_of(variant: str, text_vi: str, text_en: str) -> str:
    if variant == Variant.EN:
        return text_en
    if variant == Variant.VI_PLAIN:
        return sms_text.unaccented(text_vi)
    return text_vi


def check_text(
    text: str, encoding: str, max_parts: int
) -> tuple[sms_text.Segments | None, list[str]]:
    """The segments of ``text`` in ``encoding``, and why it cannot be sent, if it cannot."""
    problems: list[str] = []
    if not text.strip():
        return None, [_("The text to send is empty.")]
    chosen = None if encoding == EncodingChoice.AUTO else sms_text.Encoding(encoding)
    if chosen == sms_text.Encoding.GSM7 and not sms_text.is_gsm7(text):
        outside = "".join(sms_text.outside_gsm7(text)[:10])
        return None, [
            _(
                "GSM-7 cannot carry these characters: %(chars)s. Send the unaccented variant or "
                "choose Unicode."
            )
            % {"chars": outside}
        ]
    seg = sms_text.segments(text, chosen)
    if seg.parts > max_parts:
        problems.append(
            _(
                "The text takes %(parts)d parts in %(encoding)s; at most %(max)d are allowed. "
                "Shorten it by %(over)d characters."
            )
            % {
                "parts": seg.parts,
                "encoding": "GSM-7" if seg.encoding == sms_text.Encoding.GSM7 else "UCS-2",
                "max": max_parts,
                "over": seg.characters
                - max_parts * (seg.per_part if max_parts > 1 else sms_text.SINGLE[seg.encoding]),
            }
        )
    return seg, problems


def _validate(data: CampaignInput) -> None:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = _("Give the campaign a name.")
    if not data.text_vi.strip():
        errors["text_vi"] = _("Write the text in Vietnamese.")
    if data.variant not in Variant.values:
        errors["variant"] = _("Choose which text is sent.")
    elif data.variant == Variant.EN and not data.text_en.strip():
        errors["text_en"] = _("Write the English text, or send the Vietnamese one.")
    if data.encoding not in EncodingChoice.values:
        errors["encoding"] = _("Choose an encoding from the list.")
    if not 1 <= data.max_parts <= MAX_PARTS:
        errors["max_parts"] = _("A message may take from 1 to %(max)d parts.") % {"max": MAX_PARTS}
    if not data.lists:
        errors["lists"] = _("Choose at least one subscriber list.")
    bad_ages = set(data.age_groups) - set(AgeGroup.values)
    if bad_ages:
        errors["age_groups"] = _("Choose age groups from the list.")
    bad_channels = set(data.channels) - set(Channel.values)
    if bad_channels or not data.channels:
        errors["channels"] = _("Choose channels from the list.")
    if errors:
        raise ValidationError(errors)
    if (
        data.variant in Variant.values
        and data.encoding in EncodingChoice.values
        and (1 <= data.max_parts <= MAX_PARTS)
    ):
        _seg, problems = check_text(
            text_of(data.variant, data.text_vi, data.text_en), data.encoding, data.max_parts
        )
        if problems:
            raise ValidationError({"text_vi": problems})


def audience(campaign: Campaign) -> Q:
    """The subscribers a campaign targets (before the do-not-contact list and limits)."""
    q = Q(list__in=campaign.lists.all(), channel__in=campaign.channels or [Channel.SMS])
    provinces = list(campaign.provinces.values_list("pk", flat=True))
    if provinces:
        q &= Q(province_id__in=provinces)
    if campaign.age_groups:
        q &= Q(age_group__in=campaign.age_groups)
    return q


def campaign_draft(*, actor: User, data: CampaignInput, campaign_id: int | None = None) -> Campaign:
    """Write a campaign in draft (a new one, or change a draft)."""
    require(actor, PERMISSION)
    with transaction.atomic():
        if campaign_id is None:
            campaign = Campaign(agency=actor.agency, created_by=actor)
        else:
            campaign = get_visible(
                Campaign.objects.select_for_update(), actor, PERMISSION, pk=campaign_id
            )
            if campaign.state != CampaignState.DRAFT:
                raise ValidationError(_("Only a draft can be changed."))
        _validate(data)
        lists = list(visible(SubscriberList.objects.filter(pk__in=data.lists), actor, PERMISSION))
        if len(lists) != len(set(data.lists)):
            raise ValidationError({"lists": _("Choose subscriber lists of your agency.")})
        provinces = list(Province.objects.filter(code__in=data.provinces))
        if len(provinces) != len(set(data.provinces)):
            raise ValidationError({"provinces": _("Choose provinces from the list.")})
        campaign.name = data.name.strip()[:200]
        campaign.text_vi = data.text_vi.strip()
        campaign.text_en = data.text_en.strip()
        campaign.variant = data.variant
        campaign.encoding = data.encoding
        campaign.max_parts = data.max_parts
        campaign.age_groups = sorted(set(data.age_groups))
        campaign.channels = sorted(set(data.channels))
        campaign.save()
        campaign.lists.set(lists)
        campaign.provinces.set(provinces)
        audit.record(
            OutreachEvent.CAMPAIGN_DRAFTED,
            actor=actor,
            target=campaign,
            fields=["name", "text_vi", "text_en", "audience"],
        )
    return campaign


def preview(campaign: Campaign) -> Preview:
    text = text_of(campaign.variant, campaign.text_vi, campaign.text_en)
    seg, problems = check_text(text, campaign.encoding, campaign.max_parts)
    recipients = (
        Subscriber.objects.filter(audience(campaign)).values("phone_index").distinct().count()
    )
    parts = seg.parts if seg else 0
    return Preview(
        text=text,
        unaccented=sms_text.unaccented(campaign.text_vi),
        encoding=str(seg.encoding) if seg else "",
        characters=seg.characters if seg else 0,
        parts=parts,
        per_part=seg.per_part if seg else 0,
        remaining=seg.remaining if seg else 0,
        recipients=recipients,
        cost=parts * recipients * int(conf.get("CTIP_SMS_PRICE_PER_PART")),
        fits=not problems,
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class ScheduleInput:
    starts_at: datetime | None = None  # None: now (if inside the hours)


def local_zone() -> ZoneInfo:
    return ZoneInfo(conf.get("CTIP_TIME_ZONE"))


def campaign_schedule(*, actor: User, campaign_id: int, data: ScheduleInput) -> Campaign:
    """Fix the start (inside 07:00–22:00 local time) and hand the campaign to the worker."""
    require(actor, PERMISSION)
    from ctip.outreach import sending

    with transaction.atomic():
        campaign = get_visible(
            Campaign.objects.select_for_update(), actor, PERMISSION, pk=campaign_id
        )
        if campaign.state != CampaignState.DRAFT:
            raise ValidationError(_("This campaign is already scheduled or sent."))
        starts_at = data.starts_at or clock.now()
        if not clock.now().year - 1 <= starts_at.year <= clock.now().year + 1:
            raise ValidationError({"starts_at": _("Choose a start within the next year.")})
        if timezone.is_naive(starts_at):
            starts_at = starts_at.replace(tzinfo=local_zone())
        local = starts_at.astimezone(local_zone())
        if not hours.within_hours(local):
            raise ValidationError(
                {
                    "starts_at": _(
                        "Messages may be sent only between 07:00 and 22:00. "
                        "Choose a start inside these hours."
                    )
                }
            )
        if starts_at < clock.now() - timedelta(minutes=5):
            raise ValidationError({"starts_at": _("The start is in the past.")})
        result = preview(campaign)
        if not result.fits:
            raise ValidationError({"text_vi": list(result.problems)})
        if result.recipients == 0:
            raise ValidationError(_("No subscriber matches this audience."))
        campaign.starts_at = starts_at
        campaign.state = CampaignState.SCHEDULED
        campaign.save(update_fields=["starts_at", "state"])
        audit.record(
            OutreachEvent.CAMPAIGN_SCHEDULED,
            actor=actor,
            target=campaign,
            data={"recipients": result.recipients, "parts": result.parts},
        )
        sending.enqueue(campaign)
    return campaign


def campaign_cancel(*, actor: User, campaign_id: int) -> Campaign:
    """Stop a campaign: messages not yet handed to the carrier are never sent."""
    require(actor, PERMISSION)
    from ctip.outreach.models import Message, MessageState

    with transaction.atomic():
        campaign = get_visible(
            Campaign.objects.select_for_update(), actor, PERMISSION, pk=campaign_id
        )
        if campaign.state in (CampaignState.DONE, CampaignState.CANCELLED):
            raise ValidationError(_("This campaign has ended already."))
        campaign.state = CampaignState.CANCELLED
        campaign.finished_at = timezone.now()
        campaign.save(update_fields=["state", "finished_at"])
        Message.objects.filter(campaign=campaign, state=MessageState.PLANNED).update(
            state=MessageState.SKIPPED
        )
        audit.record(OutreachEvent.CAMPAIGN_CANCELLED, actor=actor, target=campaign)
    return campaign
