"""Subscriber lists, the do-not-contact list, campaigns and their messages, public
warnings, and officers' training.

Who sees what (``scope_q``): lists, campaigns, warnings in draft and training records are
seen by staff of the owning agency and of the agencies above it. Subscribers and messages
are seen through their list or campaign. Published warnings are public. Phone numbers are
personal data: encrypted, with a blind index (purpose ``sms_subscriber``) for lookups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ctip.core.fields import BlindIndexField, EncryptedTextField
from ctip.core.models import Agency, Province
from ctip.outreach.engine.phones import normalise

if TYPE_CHECKING:
    from ctip.core.models import User

PHONE_PURPOSE = "sms_subscriber"


def phone_normaliser(value: str) -> str:
    return normalise(value) or "".join(ch for ch in value if ch.isdigit())


def _path(actor: User) -> str:
    return actor.agency.path


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_24", _("18 to 24")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_54", _("35 to 54")
    FROM_55 = "55_plus", _("55 and over")
    UNKNOWN = "unknown", _("Age not known")


class Channel(models.TextChoices):
    SMS = "sms", _("Text message")
    ZALO = "zalo", _("Zalo")
    EMAIL = "email", _("Email")


class SubscriberList(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("where the list comes from"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber list")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class Subscriber(models.Model):
    list = models.ForeignKey(SubscriberList, on_delete=models.CASCADE, related_name="subscribers")
    phone = EncryptedTextField(_("phone"))
    phone_index = BlindIndexField(
        source="phone", purpose=PHONE_PURPOSE, normaliser=phone_normaliser
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("province"))
    age_group = models.CharField(_("age group"), max_length=12, choices=AgeGroup.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    consented_at = models.DateTimeField(_("consent given"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("subscriber")
        constraints = [
            models.UniqueConstraint(fields=["list", "phone_index"], name="subscriber_once_a_list")
        ]
        indexes = [models.Index(fields=["province", "age_group", "channel"])]

    def __str__(self) -> str:
        return f"subscriber {self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(list__agency__path__startswith=_path(actor))


class DoNotContactReason(models.TextChoices):
    REGISTER = "register", _("On the national do-not-call register")
    REPLY = "reply", _("Replied to opt out")
    OPERATOR = "operator", _("Added by an operator")


class DoNotContact(models.Model):
    """A number nobody may send a campaign message to, whichever agency sends."""

    phone = EncryptedTextField(_("phone"))
    phone_index = BlindIndexField(
        source="phone", purpose=PHONE_PURPOSE, normaliser=phone_normaliser, unique=True
    )
    reason = models.CharField(_("reason"), max_length=10, choices=DoNotContactReason.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("do-not-contact entry")

    def __str__(self) -> str:
        return f"do-not-contact {self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class Variant(models.TextChoices):
    VI = "vi", _("Vietnamese")
    VI_PLAIN = "vi_plain", _("Vietnamese without accents")
    EN = "en", _("English")


class EncodingChoice(models.TextChoices):
    AUTO = "auto", _("The cheapest that carries the text")
    GSM7 = "gsm7", _("GSM-7 (160 characters a part)")
    UCS2 = "ucs2", _("Unicode UCS-2 (70 characters a part)")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    PAUSED = "paused", _("Paused outside the sending hours")
    DONE = "done", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=200)
    lists = models.ManyToManyField(SubscriberList, verbose_name=_("subscriber lists"))
    provinces = models.ManyToManyField(Province, blank=True, verbose_name=_("provinces"))
    age_groups = models.JSONField(_("age groups"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    text_vi = models.TextField(_("text in Vietnamese"))
    text_en = models.TextField(_("text in English"), blank=True)
    variant = models.CharField(_("text sent"), max_length=10, choices=Variant.choices)
    encoding = models.CharField(_("encoding"), max_length=5, choices=EncodingChoice.choices)
    max_parts = models.PositiveSmallIntegerField(_("at most parts a message"), default=2)
    starts_at = models.DateTimeField(_("start"), null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class MessageState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SUBMITTING = "submitting", _("Being handed to the carrier")
    SUBMITTED = "submitted", _("Accepted by the carrier")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERABLE = "undeliverable", _("Not delivered")
    EXPIRED = "expired", _("Expired before delivery")
    REJECTED = "rejected", _("Refused by the carrier")
    UNKNOWN = "unknown", _("Fate unknown after a lost connection")
    SKIPPED = "skipped", _("Not sent (opted out or daily limit)")


class Message(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="messages")
    phone = EncryptedTextField(_("phone"))
    phone_index = BlindIndexField(
        source="phone", purpose=PHONE_PURPOSE, normaliser=phone_normaliser
    )
    state = models.CharField(
        max_length=14, choices=MessageState.choices, default=MessageState.PLANNED
    )
    parts = models.PositiveSmallIntegerField(default=1)
    status = models.PositiveIntegerField(default=0)  # an SMPP command_status of a refusal
    sent_on = models.DateField(null=True, blank=True)  # local day it was handed over
    submitted_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "phone_index"], name="message_once_a_campaign"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "state"]),
            models.Index(fields=["phone_index", "sent_on"]),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(campaign__agency__path__startswith=_path(actor))


class DailySlot(models.Model):
    """One of a number's messages of a day (``CTIP_SMS_DAILY_LIMIT`` slots a number a day).

    A message takes a free slot in the transaction that marks it ``SUBMITTING``; two
    workers that pick the same slot of the same number cannot both commit it (the unique
    constraint), so the limit holds however many campaigns send at once. A message handed
    back (``PLANNED``) or refused by the carrier gives its slot back.
    """

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="daily_slot")
    phone_index = models.CharField(max_length=40)
    day = models.DateField()
    slot = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["phone_index", "day", "slot"], name="dailyslot_one_message_a_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} slot {self.slot}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(message__campaign__agency__path__startswith=_path(actor))


class MessagePart(models.Model):
    """One submit_sm of a message and the carrier's id for it, which receipts quote."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="part_set")
    number = models.PositiveSmallIntegerField()
    smsc_id = models.CharField(max_length=65, db_index=True)
    state = models.CharField(max_length=14, choices=MessageState.choices)

    def __str__(self) -> str:
        return self.smsc_id

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(message__campaign__agency__path__startswith=_path(actor))


class WarningKind(models.TextChoices):
    NEWS = "news", _("News")
    LURE = "lure", _("New lure pattern")
    VERIFIED = "verified", _("Numbers and accounts verified as scams")
    ADVICE = "advice", _("Advice")


class WarningState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublicWarning(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("agency"))
    kind = models.CharField(_("kind"), max_length=10, choices=WarningKind.choices)
    title_vi = models.CharField(_("title in Vietnamese"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    body_vi = models.TextField(_("text in Vietnamese"))
    body_en = models.TextField(_("text in English"))
    state = models.CharField(max_length=10, choices=WarningState.choices, default="draft")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("public warning")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "vi").startswith("en") else self.title_vi

    @property
    def body(self) -> str:
        return self.body_en if (get_language() or "vi").startswith("en") else self.body_vi

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Topic(models.TextChoices):
    IDENTIFICATION = "identification", _("Identifying victims")
    INVESTIGATION = "investigation", _("Investigating trafficking and online scams")
    VICTIM_SUPPORT = "victim_support", _("Protecting and supporting victims")
    # What qualifies an officer to hold a child's interview (cases reads it through its port).
    CHILD_PROTECTION = "child_protection", _("Protecting children")
    COOPERATION = "cooperation", _("International cooperation")
    PREVENTION = "prevention", _("Prevention and communication")


class Course(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("agency"))
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    materials = models.TextField(_("materials"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("agency"))
    starts_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("province"))
    trainer = models.CharField(_("trainer"), max_length=200)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("training session")

    def __str__(self) -> str:
        return f"{self.course} {self.starts_on}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class Result(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    ABSENT = "absent", _("Absent")
    ENROLLED = "enrolled", _("Enrolled")


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default="enrolled"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    certificate = models.CharField(_("certificate number"), max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_once_a_session")
        ]

    def __str__(self) -> str:
        return f"attendance {self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(session__agency__path__startswith=_path(actor))
