"""Hotline calls, tracing and rescue requests, and what families are told.

Who sees what (``scope_q``): a call is seen by the agency that took it and the agencies
above it; a tracing request by the agency that recorded it, the police it is assigned
to, and the agencies above either. Everything about a person (the caller, the person
sought, the family's contact, ransom accounts as typed, evidence file names) is
encrypted; names and phones have blind indexes for exact lookup.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ctip.cases.engine.duplicates import normalise_phone
from ctip.core.custody import CustodyLink
from ctip.core.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from ctip.core.files import SealedFileName
from ctip.core.models import Agency, Province, User


def phone_normaliser(value: str) -> str:
    return normalise_phone(value) or "".join(ch for ch in value if ch.isdigit())


class CallChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    ZALO = "zalo", _("Zalo")
    FACEBOOK = "facebook", _("Facebook")
    WEB_CHAT = "web_chat", _("Web chat")
    WALK_IN = "walk_in", _("Walk-in")


class CallerType(models.TextChoices):
    VICTIM = "victim", _("Victim")
    FAMILY = "family", _("Family member")
    WITNESS = "witness", _("Witness")
    AT_RISK = "at_risk", _("Person at risk")
    AGENCY = "agency", _("Agency")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    JOB_OFFER = "job_offer", _("Job-offer check")
    MISSING = "missing", _("Missing person")
    RANSOM = "ransom", _("Ransom demand")
    SUPPORT = "support", _("Support request")
    SCAM = "scam", _("Scam report")
    INFORMATION = "information", _("Information")


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
    KM = "km", _("Khmer")
    ZH = "zh", _("Chinese")
    ETHNIC = "ethnic", _("An ethnic minority language")
    OTHER = "other", _("Other language")


class Counselling(models.TextChoices):
    WARNING = "warning", _("Warned about the job offer")
    SAFETY = "safety", _("Safety advice")
    RIGHTS = "rights", _("Rights and support explained")
    REPORTING = "reporting", _("How to report to the police")
    EMOTIONAL = "emotional", _("Emotional support")
    REFERRAL = "referral", _("Referral to a service")


class Outcome(models.TextChoices):
    COUNSELLED = "counselled", _("Counselled")
    REFERRED = "referred", _("Referred")
    RECORD_OPENED = "record_opened", _("Case, report or request opened")
    CALLBACK = "callback", _("Callback needed")
    DROPPED = "dropped", _("Call dropped")


def _path(actor: User) -> str:
    return actor.agency.path


class Call(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    taken_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=CallChannel.choices)
    caller_type = models.CharField(_("caller"), max_length=10, choices=CallerType.choices)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    counselling = models.JSONField(_("counselling given"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    anonymous = models.BooleanField(_("anonymous caller"), default=False)
    caller_name = EncryptedTextField(_("caller's name"), blank=True, default="")
    caller_phone = EncryptedTextField(_("caller's phone"), blank=True, default="")
    caller_phone_index = BlindIndexField(
        source="caller_phone", purpose="phone", normaliser=phone_normaliser
    )
    summary = EncryptedTextField(_("what was said"), blank=True, default="")
    case_id = models.PositiveIntegerField(_("case opened"), null=True, blank=True)
    report_id = models.PositiveIntegerField(_("scam report filed"), null=True, blank=True)
    request = models.ForeignKey(
        "TracingRequest",
        verbose_name=_("tracing request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("hotline call")
        indexes = [
            models.Index(fields=["agency", "callback_at"], name="hotline_call_callback_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CG-{self.pk:06d}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFYING = "verifying", _("Being verified")
    # What a counterpart, embassy or consulate answered a request passed abroad.
    NOT_FOUND = "not_found", _("Not found abroad yet")
    MORE_INFO = "more_info", _("More information needed")
    LOCATED = "located", _("Located")
    RESCUED = "rescued", _("Rescued")
    RETURNED = "returned", _("Returned home")
    CLOSED = "closed", _("Closed")


class DepartureMode(models.TextChoices):
    JOB_OFFER = "job_offer", _("Left for a job offer")
    ACQUAINTANCE = "acquaintance", _("Taken by an acquaintance")
    TRAIL = "trail", _("Crossed the border by a trail")
    OFFICIAL = "official", _("Left through a border gate with papers")
    UNKNOWN = "unknown", _("Not known")


class TracingRequest(models.Model):
    follow_code = models.CharField(max_length=20, unique=True)
    follow_secret_hash = models.CharField(max_length=64)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)
    police = models.ForeignKey(
        Agency, verbose_name=_("competent police"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    located_at = models.DateTimeField(_("located at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    # The person sought.
    full_name = EncryptedTextField(_("name of the person sought"))
    full_name_index = BlindIndexField(source="full_name", purpose="person_name")
    other_names = EncryptedJSONField(_("other names"), default=list, blank=True)
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, blank=True, default="")
    phone = EncryptedTextField(_("their phone"), blank=True, default="")
    phone_index = BlindIndexField(source="phone", purpose="phone", normaliser=phone_normaliser)
    home_province = models.ForeignKey(
        Province,
        verbose_name=_("home province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # How and when they left, last contact, where held.
    departure_mode = models.CharField(
        _("how they left"), max_length=12, choices=DepartureMode.choices
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    last_contact_on = models.DateField(_("last contact on"), null=True, blank=True)
    last_contact = EncryptedTextField(_("last contact"), blank=True, default="")
    country = models.CharField(_("country held in"), max_length=2, blank=True, default="")
    place = EncryptedTextField(_("where held"), blank=True, default="")
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    # The outgoing verification request it was passed abroad as (``cooperation``).
    verification_id = models.PositiveIntegerField(null=True, blank=True)
    passed_abroad_at = models.DateTimeField(null=True, blank=True)
    # The compound of the register (``compounds``) the place names, when one fits.
    compound = models.ForeignKey(
        "compounds.Compound",
        verbose_name=_("compound in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Urgency.
    violence = models.BooleanField(_("violence"), default=False)
    minor = models.BooleanField(_("a minor"), default=False)
    medical = models.BooleanField(_("a medical need"), default=False)
    ransom_deadline = models.DateTimeField(_("nearest ransom deadline"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency"), default=0, db_index=True)
    # The family.
    family_name = EncryptedTextField(_("family contact"), blank=True, default="")
    family_relation = EncryptedTextField(_("relation"), blank=True, default="")
    family_phone = EncryptedTextField(_("family's phone"), blank=True, default="")
    narrative = EncryptedTextField(_("what the family said"), blank=True, default="")
    case_id = models.PositiveIntegerField(_("linked case"), null=True, blank=True)
    notes = EncryptedTextField(_("investigators' notes"), blank=True, default="")

    class Meta:
        ordering = ["-urgency", "recorded_at", "pk"]
        verbose_name = _("tracing request")

    def __str__(self) -> str:
        return self.follow_code

    @property
    def reference(self) -> str:
        return self.follow_code

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(agency__path__startswith=path) | Q(police__path__startswith=path)


class RecruiterContact(models.Model):
    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20)
    value = EncryptedTextField(_("contact as typed"))
    report_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recruiter's contact")

    def __str__(self) -> str:
        return f"recruiter contact #{self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(request__agency__path__startswith=path) | Q(request__police__path__startswith=path)


class RansomDemand(models.Model):
    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="ransoms")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    amount_currency = models.CharField(max_length=4, default="VND")
    amount_original = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    account_kind = models.CharField(_("account kind"), max_length=20)
    account = EncryptedTextField(_("account or wallet as typed"))
    bank = models.CharField(_("bank or provider"), max_length=40, blank=True, default="")
    report_id = models.PositiveIntegerField(null=True, blank=True)
    indicator_id = models.PositiveIntegerField(null=True, blank=True)
    freeze_request_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("ransom demand")

    def __str__(self) -> str:
        return f"ransom demand #{self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(request__agency__path__startswith=path) | Q(request__police__path__startswith=path)


class TracingEvidence(models.Model):
    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="evidence")
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    filename = EncryptedTextField(_("file name"))
    description = EncryptedTextField(_("description"), blank=True, default="")
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = SealedFileName(
        max_length=40, unique=True, editable=False, folder="hotline/evidence"
    )
    wrapped_key = EncryptedTextField(editable=False)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("evidence file")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"HE-{self.pk:06d}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(request__agency__path__startswith=path) | Q(request__police__path__startswith=path)


class CustodyStep(models.TextChoices):
    RECEIVED = "received", _("Received")
    VIEWED = "viewed", _("Viewed")
    EXPORTED = "exported", _("Exported")
    HANDED_OVER = "handed_over", pgettext_lazy("evidence custody", "Handed over")


class EvidenceCustody(CustodyLink):
    """One hand of a hotline evidence file: a link of its chain of custody
    (``ctip.core.custody``, as intel's custody log), hash-chained and append-only."""

    evidence = models.ForeignKey(TracingEvidence, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=12, choices=CustodyStep.choices)

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        """Read with its evidence file: the request's agency and its police."""
        path = _path(actor)
        return Q(evidence__request__agency__path__startswith=path) | Q(
            evidence__request__police__path__startswith=path
        )


class MatchState(models.TextChoices):
    PROBABLE = "probable", _("Probable")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not the same person")


class TracingMatch(models.Model):
    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="matches")
    person_id = models.PositiveIntegerField()
    case_id = models.PositiveIntegerField(null=True, blank=True)
    case_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(max_length=10)
    weight = models.FloatField()
    state = models.CharField(max_length=10, choices=MatchState.choices, default="probable")
    found_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-weight", "pk"]
        verbose_name = _("possible match")
        constraints = [
            models.UniqueConstraint(fields=["request", "person_id"], name="hotline_match_once")
        ]

    def __str__(self) -> str:
        return f"match #{self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(request__agency__path__startswith=path) | Q(request__police__path__startswith=path)


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    UNKNOWN = "unknown", _("Outcome unknown, not sent again")


class FamilyNotice(models.Model):
    """The outbox and delivery log of texts to a family, sent through ``ctip.core.texting``
    (the state is written before the gateway is called and after it answers)."""

    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="notices")
    to = EncryptedTextField()
    status_told = models.CharField(max_length=10, choices=RequestStatus.choices)
    body = models.CharField(max_length=320)
    state = models.CharField(max_length=8, choices=NoticeStatus.choices, default="queued")
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    tried_at = models.DateTimeField(null=True, blank=True)
    carrier_ids = models.CharField(max_length=200, blank=True, default="")
    last_error = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("notice to the family")

    def __str__(self) -> str:
        return f"notice #{self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(request__agency__path__startswith=path) | Q(request__police__path__startswith=path)


class TracingKey(models.Model):
    """HMAC of one blocking key of the person a request seeks (the cases engine's keys),
    so a person in a handover list can be matched to requests without decrypting all."""

    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="keys")
    key_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key_hash", "request"], name="hotline_key_unique")
        ]

    def __str__(self) -> str:
        return f"key of request #{self.request_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(request__agency__path__startswith=path) | Q(request__police__path__startswith=path)
