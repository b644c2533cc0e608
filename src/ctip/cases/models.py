"""Persons, their cases and everything done for them.

Identity fields are encrypted at rest; exact lookups go through keyed blind indexes and
duplicate search through ``PersonKey`` rows (HMACs of the engine's blocking keys). Statuses
only change through ``ctip.cases.actions``, which checks each move with the engines.

Who sees a case (``Case.scope_q``): staff of its lead agency and of the agencies under it;
staff of an agency (or a unit under it) that holds an open referral (sent or accepted) for
the case; staff of an agency the case is shared with (share not revoked); staff of exactly
the agency a hand-over waits on, and of exactly the agency that handed the case on while
the new lead agency lets it read. Agencies above
the lead agency do not see it: a national office reads statistics, not files. Every other
model of the app is visible exactly when its case is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.cases.engine.duplicates import IdentityDocument, normalise_phone
from ctip.cases.engine.support import SUPPORT_TYPES, ReferralStatus
from ctip.cases.engine.workflow import (
    CASE_STATUS_LABELS,
    EXIT_MODE_LABELS,
    INTAKE_CHANNEL_LABELS,
    CaseStatus,
)
from ctip.cases.labels import label_lazy
from ctip.core.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from ctip.core.files import SealedFileName
from ctip.core.models import Agency, Province, User
from ctip.intel.engine import Indicator as EngineIndicator
from ctip.intel.engine import InvalidIndicator
from ctip.intel.engine import normalise as normalise_indicator

# How long intake staff without ``cases.view_children`` still read a child's case they opened.
CHILD_INTAKE_WINDOW = dt.timedelta(hours=72)


def lineage(actor: User) -> list[int]:
    """The actor's agency and every agency above it, from its materialised path.

    Only for the lead agency, whose cases its units see: a share or a referral names one
    agency and is matched against the actor's own agency alone (``actor.agency_id``).
    Matching those against the lineage would open a case shared with a national office
    to every unit under it.
    """
    return [int(part) for part in actor.agency.path.strip("/").split("/") if part]


def identity_normaliser(value: str) -> str:
    return IdentityDocument("", value).normalised


def phone_normaliser(value: str) -> str:
    # An unparseable number still gets an index of its digits, so it can be found again.
    return normalise_phone(value) or "".join(ch for ch in value if ch.isdigit())


def _choices(labels: Mapping[Any, Any]) -> list[tuple[str, str]]:
    return [(code.value, label_lazy(label)) for code, label in labels.items()]


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Person(models.Model):
    """One human being; may have several cases (episodes). Identity encrypted at rest."""

    full_name = EncryptedTextField(_("full name"))
    other_names = EncryptedJSONField(_("other names"), default=list, blank=True)
    # [{"kind": "cccd" | "passport" | ..., "number": "..."}]
    documents = EncryptedJSONField(_("identity documents"), default=list, blank=True)
    identity_number = EncryptedTextField(_("identity number"), blank=True, default="")
    identity_number_index = BlindIndexField(
        source="identity_number", purpose="identity_number", normaliser=identity_normaliser
    )
    phones = EncryptedJSONField(_("phones"), default=list, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    phone_index = BlindIndexField(source="phone", purpose="phone", normaliser=phone_normaliser)
    addresses = EncryptedJSONField(_("addresses"), default=list, blank=True)
    # The exact date with a name-free commune or ethnicity singles a person out: encrypted.
    # Duplicate search meets it through the birth-year blocking keys (``PersonKey``).
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("estimated age from"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("estimated age to"), null=True, blank=True)
    # The year the estimate was made, so an estimated age keeps giving a birth year.
    age_estimated_in = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # How the estimated age was reached (engine.children.AgeBasis).
    age_basis = models.CharField(
        _("how the age was estimated"), max_length=20, blank=True, default=""
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(_("nationality (ISO alpha-2)"), max_length=2, default="VN")
    # Ethnicity and the languages spoken are special-category data, and in a small
    # commune they name the family: encrypted.
    ethnicity = EncryptedTextField(_("ethnicity"), blank=True, default="")
    languages = EncryptedJSONField(_("languages"), default=list, blank=True)
    home_province = models.ForeignKey(
        Province, verbose_name=_("home province"), null=True, blank=True, on_delete=models.PROTECT
    )
    # A commune with a sex and birth year can single out a person: encrypted.
    home_commune = EncryptedTextField(_("home commune"), blank=True, default="")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("person")

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and error pages.
        return f"person #{self.pk}"

    @property
    def birth_year(self) -> int | None:
        return self.year_of(self.birth_date, self.age_min, self.age_max, self.age_estimated_in)

    @staticmethod
    def year_of(
        birth_date: dt.date | None,
        age_min: int | None,
        age_max: int | None,
        age_estimated_in: int | None,
    ) -> int | None:
        """The year of birth, or the one the estimated age gives."""
        if birth_date:
            return birth_date.year
        if age_min is not None and age_max is not None and age_estimated_in:
            return age_estimated_in - (age_min + age_max) // 2
        return None

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(pk__in=Case.objects.filter(Case.scope_q(actor)).values("person_id"))


class PersonKey(models.Model):
    """HMAC of one duplicate-blocking key of a person (see docs/apps/cases.md)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="keys")
    # Looked up through ``personkey_unique``, whose first column this is: a second index
    # on the hash alone would double the size of the largest table for nothing.
    key_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key_hash", "person"], name="personkey_unique")
        ]

    def __str__(self) -> str:
        return f"key of person #{self.person_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(person__in=Person.objects.filter(Person.scope_q(actor)))


class Case(models.Model):
    """One episode for one person, from intake to closure."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    intake_channel = models.CharField(
        _("intake channel"), max_length=30, choices=_choices(INTAKE_CHANNEL_LABELS)
    )
    intake_date = models.DateField(_("intake date"))
    exploitation_country = models.CharField(
        _("country of exploitation (ISO alpha-2)"), max_length=2, blank=True
    )
    # Where the person was held tells their captors who spoke: encrypted. The country
    # stays in clear as the coarse bucket statistics count by.
    exploitation_locality = EncryptedTextField(_("locality"), blank=True, default="")
    compound = EncryptedTextField(_("compound"), blank=True, default="")
    # The compound in the register (``compounds``) when one fits; the free text above
    # keeps what the person said, and what matches nothing.
    linked_compound = models.ForeignKey(
        "compounds.Compound",
        verbose_name=_("compound in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The screening interview's date, set when a person is received at the border: the
    # case waits in the receiving agency's worklist for that day.
    screening_on = models.DateField(_("screening interview scheduled on"), null=True, blank=True)
    exit_mode = models.CharField(
        _("how they got out"), max_length=20, choices=_choices(EXIT_MODE_LABELS), default="unknown"
    )
    left_on = models.DateField(_("left the place of exploitation on"), null=True, blank=True)
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_worker = models.ForeignKey(
        User,
        verbose_name=_("assigned worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=_choices(CASE_STATUS_LABELS),
        default=CaseStatus.INTAKE.value,
        editable=False,
    )
    status_reason = EncryptedTextField(blank=True, default="", editable=False)
    # A child (or presumed one) at intake, or so determined since: fewer roles read the case,
    # it leaves no public output, and figures about it use a stricter small-cell rule.
    child = models.BooleanField(_("child"), default=False, editable=False)
    # Optimistic locking: every write names the version it read and bumps it.
    version = models.PositiveIntegerField(default=1, editable=False)
    # One per submitted form or file row: a second submit finds the first case.
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-intake_date", "-pk"]
        verbose_name = _("case")
        indexes = [
            models.Index(fields=["lead_agency", "status", "-intake_date"]),
            # The worker's list (open cases, newest first) walks this in order and stops
            # after a page, instead of sorting all of the worker's cases.
            models.Index(
                fields=["assigned_worker", "-intake_date", "-id"], name="case_worker_recent_idx"
            ),
            # The agency's list walks its own cases newest first and stops after a page
            # (selectors.AgencyCases); the referred and shared ones are merged in.
            models.Index(
                fields=["lead_agency", "-intake_date", "-id"], name="case_agency_recent_idx"
            ),
            # The national counts (stats' monthly aggregates) read one month of intakes
            # across every agency.
            models.Index(fields=["intake_date"], name="case_intake_date_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CTIP-{self.pk:07d}"

    @property
    def status_label(self) -> str:
        from ctip.cases.labels import label

        return label(CASE_STATUS_LABELS[CaseStatus(self.status)])

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        # The lead agency's units see its cases; a referral or a share opens the case to
        # exactly the agency it names, never to the agencies under that one.
        open_referrals = Referral.objects.filter(
            provider__agency_id=actor.agency_id,
            status__in=[ReferralStatus.SENT.value, ReferralStatus.ACCEPTED.value],
        ).values("case_id")
        shares = CaseShare.objects.filter(
            agency_id=actor.agency_id, revoked_at__isnull=True
        ).values("case_id")
        return (
            Q(lead_agency_id__in=lineage(actor))
            | Q(pk__in=open_referrals)
            | Q(pk__in=shares)
            | Q(pk__in=CaseHandover.reading(actor))
        ) & cls.children_q(actor)

    @staticmethod
    def children_q(actor: User) -> Q:
        """A child's case is read by those who work with children (``cases.view_children``);
        an intake officer reads it during the first 72 hours after opening it, nobody else."""
        if actor.has_ctip_perm("cases.view_children"):
            return Q()
        if actor.has_ctip_perm("cases.intake"):
            since = timezone.now() - CHILD_INTAKE_WINDOW
            return Q(child=False) | Q(created_at__gte=since)
        return Q(child=False)


def _case_scope(actor: User) -> Q:
    return Q(case__in=Case.objects.filter(Case.scope_q(actor)).values("pk"))


class CaseScoped(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return _case_scope(actor)


class Consent(CaseScoped):
    """What the person agreed to, when, before which officer."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    processing = models.BooleanField(_("processing of their data"))
    share_agencies = models.ManyToManyField(
        Agency, verbose_name=_("sharing with these agencies"), blank=True, related_name="+"
    )
    later_contact = models.BooleanField(_("being contacted later"))
    given_on = models.DateField(_("given on"))
    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # For a child: the parent, guardian or appointed representative who gave it, and the
    # child's own views recorded beside it.
    guardian = models.ForeignKey(
        "Guardian", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child_views = EncryptedTextField(_("the child's own views"), blank=True, default="")

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"consent #{self.pk} for case #{self.case_id}"


class ScreeningInterview(CaseScoped):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    questionnaire_version = models.CharField(max_length=20)
    answers = EncryptedJSONField(default=dict)
    minor_at_recruitment = models.BooleanField(default=False)
    # The result as computed on the day, never re-scored under a later version.
    recommendation = models.CharField(max_length=30)
    result = EncryptedJSONField(default=dict)
    interviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    interviewed_on = models.DateField()
    # A child's interview: who sat with the child, the interviewer's child-protection
    # qualification, and for a second interview the supervisor who allowed it and why.
    support_person = EncryptedTextField(_("support person present"), blank=True, default="")
    interviewer_qualification = models.CharField(
        _("interviewer's child-protection qualification"), max_length=200, blank=True, default=""
    )
    repeat_reason = EncryptedTextField(_("reason for a second interview"), blank=True, default="")
    repeat_allowed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-interviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"screening #{self.pk} of case #{self.case_id}"


class ScreeningDraft(models.Model):
    """An interview under way: saved section by section so the officer can leave and return.

    Encrypted like the interview; seen only by its author and by the case's lead agency
    (exactly that agency, not the ones above it).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screening_drafts")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    questionnaire_version = models.CharField(max_length=20)
    # {"answers": {question: answer}, "interviewed_on": "YYYY-MM-DD", "minor": bool}
    state = EncryptedJSONField(default=dict)
    section = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "author"], name="screening_draft_one_per_author"
            )
        ]

    def __str__(self) -> str:
        return f"screening draft #{self.pk} of case #{self.case_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(author_id=actor.pk) | Q(case__lead_agency_id=actor.agency_id)


class NonPunishmentStatement(CaseScoped):
    """Acts the person was forced to commit, with the coercion behind each."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statements")
    # [{"act", "coercion": [...], "description", "place", "period"}]
    acts = EncryptedJSONField(default=list)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    interviewed_on = models.DateField()

    class Meta:
        ordering = ["-interviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"statement #{self.pk} of case #{self.case_id}"


class IdentificationOutcome(models.TextChoices):
    VICTIM = "victim", _("Identified as a victim of trafficking")
    NOT_VICTIM = "not_victim", _("Not identified as a victim")


class IdentificationDecision(CaseScoped):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=IdentificationOutcome.choices)
    # Free text that quotes the person's account: encrypted.
    legal_basis = EncryptedTextField(_("legal basis"))
    evidence = EncryptedJSONField(_("evidence"), default=list)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"decision #{self.pk} on case #{self.case_id}"


class ServiceProvider(models.Model):
    """A shelter, hospital, legal aid office, school or NGO that receives referrals.

    The directory is shared reference data: every agency may find a provider anywhere.
    """

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )
    services = models.JSONField(_("services"), default=list)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def service_labels(self) -> list[str]:
        from ctip.cases.labels import support_label

        return [support_label(code) for code in self.services]

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q()


class CasePlan(CaseScoped):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    goals = EncryptedTextField(_("goals"), blank=True, default="")
    support_types = models.JSONField(_("support planned"), default=list)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking, as on the case: a save names the version it read (0 for a plan
    # not yet written) and bumps it, so two editors cannot overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    def __str__(self) -> str:
        return f"plan of case #{self.case_id}"


class Referral(CaseScoped):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    provider = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT)
    services = models.JSONField(default=list)
    status = models.CharField(max_length=20, default=ReferralStatus.SENT.value, editable=False)
    note = EncryptedTextField(blank=True, default="")
    answer_reason = EncryptedTextField(blank=True, default="")
    consent_override = EncryptedTextField(blank=True, default="")
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["provider", "status"])]

    def __str__(self) -> str:
        return f"referral #{self.pk} of case #{self.case_id}"

    @property
    def status_label(self) -> str:
        from ctip.cases.engine.support import REFERRAL_STATUS_LABELS
        from ctip.cases.labels import label

        return label(REFERRAL_STATUS_LABELS[ReferralStatus(self.status)])


class ServiceDelivery(CaseScoped):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deliveries")
    support_type = models.CharField(
        max_length=40, choices=[(c.value, label_lazy(i.label)) for c, i in SUPPORT_TYPES.items()]
    )
    delivered_on = models.DateField()
    cost = models.DecimalField(max_digits=16, decimal_places=0, null=True, blank=True)
    # The cost as typed when it was not in đồng (``ctip.core.values``).
    cost_currency = models.CharField(max_length=4, default="VND")
    cost_original = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    provider = models.ForeignKey(ServiceProvider, null=True, blank=True, on_delete=models.PROTECT)
    note = EncryptedTextField(blank=True, default="")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-delivered_on", "-pk"]

    def __str__(self) -> str:
        return f"delivery #{self.pk} of case #{self.case_id}"


class FollowUp(CaseScoped):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="followups")
    sequence = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    assignee = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(null=True, blank=True)
    # {"safety": 1..4, ...}: levels only, for counting; the narrative is in `note`.
    outcomes = models.JSONField(default=dict)
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"follow-up #{self.pk} of case #{self.case_id}"


class CaseShare(CaseScoped):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(blank=True, default="")
    consent_override = EncryptedTextField(blank=True, default="")
    shared_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "revoked_at"])]

    def __str__(self) -> str:
        return f"share of case #{self.case_id}"


class HandoverStatus(models.TextChoices):
    SENT = "sent", _("Waiting for the receiving agency")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class CaseHandover(CaseScoped):
    """The lead agency hands the case to another agency (``ctip.cases.actions.handover``).

    While it waits, exactly the receiving agency reads the case to decide; once accepted,
    exactly the sending agency keeps reading it until the new lead agency ends that access.
    Neither extends to the units under those agencies.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="handovers")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10,
        choices=HandoverStatus.choices,
        default=HandoverStatus.SENT,
        editable=False,
    )
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_reason = EncryptedTextField(blank=True, default="")
    sender_access_ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["to_agency", "status"], name="handover_incoming_idx"),
            models.Index(fields=["from_agency", "status"], name="handover_outgoing_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="sent"),
                name="handover_one_waiting_per_case",
            ),
            models.CheckConstraint(
                condition=~Q(from_agency=models.F("to_agency")), name="handover_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"hand-over #{self.pk} of case #{self.case_id}"

    @property
    def status_label(self) -> str:
        return str(HandoverStatus(self.status).label)

    @property
    def sender_reads(self) -> bool:
        return self.status == HandoverStatus.ACCEPTED and self.sender_access_ended_at is None

    @classmethod
    def reading(cls, actor: User) -> models.QuerySet[Any]:
        """Ids of the cases a hand-over lets exactly the actor's agency read."""
        waiting = Q(to_agency_id=actor.agency_id, status=HandoverStatus.SENT)
        kept = Q(
            from_agency_id=actor.agency_id,
            status=HandoverStatus.ACCEPTED,
            sender_access_ended_at__isnull=True,
        )
        return cls.objects.filter(waiting | kept).values("case_id")


class DocumentKind(models.TextChoices):
    PHOTO = "photo", _("Photo of the person")
    IDENTITY = "identity", _("Identity or travel document")
    MEDICAL = "medical", _("Medical record")
    LEGAL = "legal", _("Legal or police record")
    OTHER = "other", _("Other document")


# Health records follow the rule for health details: only with cases.view_sensitive.
SENSITIVE_DOCUMENTS = {DocumentKind.MEDICAL.value}


class CaseDocument(CaseScoped):
    """A file attached to a case, encrypted on disk under its own key (see ``documents``)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    # Titles and file names of such documents often carry the person's name.
    title = EncryptedTextField(_("title"), blank=True, default="")
    file_name = EncryptedTextField(blank=True, default="")
    content_type = models.CharField(max_length=60, editable=False)
    size = models.PositiveIntegerField(editable=False)
    storage_name = SealedFileName(
        max_length=64, unique=True, editable=False, folder="cases", suffix=".bin"
    )
    # The file's own AES key, wrapped by the data key (rotated with it).
    file_key = EncryptedTextField(editable=False)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"document #{self.pk} of case #{self.case_id}"

    @property
    def sensitive(self) -> bool:
        return self.kind in SENSITIVE_DOCUMENTS


class LinkKind(models.TextChoices):
    LINK = "link", _("Same person (linked)")
    MERGE = "merge", _("Same person (merged)")


class PersonLink(models.Model):
    """An officer's finding that two records are one person. Undoing keeps the row."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="links")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    score = models.FloatField(null=True, blank=True)
    reason = EncryptedTextField(blank=True, default="")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} #{self.person_id}~#{self.other_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        persons = Person.objects.filter(Person.scope_q(actor)).values("pk")
        return Q(person__in=persons) & Q(other__in=persons)


class HandoverImport(models.Model):
    """One uploaded handover list; the file hash makes a re-upload a no-op."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    file_hash = models.CharField(max_length=64)
    # Lists are often named after the person or the group they came back with.
    file_name = EncryptedTextField(blank=True, default="")
    rows_total = models.PositiveIntegerField(default=0)
    cases_created = models.PositiveIntegerField(default=0)
    # [{"row": 7, "field": "birth_date", "message": "..."}]: messages may quote the input.
    problems = EncryptedJSONField(default=list)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "file_hash"], name="handover_once")
        ]

    def __str__(self) -> str:
        return f"handover import #{self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        # Rows that failed to import quote the input: only the importing agency reads them.
        return Q(agency_id=actor.agency_id)


class IndicatorKind(models.TextChoices):
    """What a recruiter or trafficker named in the person's account can be reached by:
    the kinds of ``ctip.intel`` indicators (names are left out: many people share one)."""

    PHONE = "phone", _("Phone number")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    EWALLET = "ewallet", _("E-wallet")
    SOCIAL = "social", _("Social media account")
    URL = "url", _("Website or link")
    CRYPTO = "crypto", _("Crypto wallet")


def indicator_account(kind: str, value: str, detail: str = "") -> str:
    """The stored (then encrypted) form of a contact as typed: kind, value and the bank
    or platform, from which the intel engine gives the canonical key again."""
    return json.dumps(
        {"kind": kind, "value": value, "detail": detail}, ensure_ascii=False, sort_keys=True
    )


def canonical_indicator(account: str) -> EngineIndicator:
    """The intel engine's indicator for a stored account (raises ``InvalidIndicator``)."""
    data = json.loads(account)
    kind, detail = data["kind"], data.get("detail", "") or None
    return normalise_indicator(
        kind,
        data["value"],
        bank=detail if kind in ("bank_account", "ewallet") else None,
        platform=detail if kind in ("social", "crypto") else None,
    )


def indicator_ref(account: str) -> str:
    """Blind-index normaliser: ``kind:key`` as ``ctip.intel`` stores it on ``Indicator``.

    A value a later engine no longer accepts (actions check it when it is recorded) still
    gets an index of its own, so that re-indexing under a new key never stops on it."""
    try:
        return canonical_indicator(account).ref
    except (InvalidIndicator, ValueError, KeyError):
        return f"unreadable:{account}"


class CaseIndicator(CaseScoped):
    """A contact of a recruiter or trafficker named in the person's account (a phone, a
    bank account, a Zalo or Telegram account...). The value is encrypted; the canonical
    key (the intel engine's, so that it meets scam reports) exists only as a keyed blind
    index, recomputed from the encrypted value when the keys are rotated."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="indicators")
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    account = EncryptedTextField(editable=False)
    ref_index = BlindIndexField(
        source="account", purpose="case_indicator", normaliser=indicator_ref, db_index=False
    )
    note = EncryptedTextField(_("note"), blank=True, default="")
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Removing keeps the row (the timeline refers to it); a removed contact names nothing.
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ref_index", "case"],
                condition=Q(removed_at__isnull=True),
                name="caseindicator_once",
            )
        ]
        indexes = [models.Index(fields=["ref_index"], name="caseindicator_ref_idx")]

    def __str__(self) -> str:
        return f"indicator #{self.pk} of case #{self.case_id}"

    @property
    def canonical(self) -> EngineIndicator:
        return canonical_indicator(self.account)

    @property
    def display(self) -> str:
        return self.canonical.display


class AgeDetermination(CaseScoped):
    """How a person's age was settled: a child or an adult, on what basis, by whom."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="age_determinations")
    child = models.BooleanField(_("is a child"))
    age = models.PositiveSmallIntegerField(_("age as determined"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=20)
    note = EncryptedTextField(_("note"), blank=True, default="")
    determined_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    determined_on = models.DateField(_("determined on"))

    class Meta:
        ordering = ["-determined_on", "-pk"]

    def __str__(self) -> str:
        return f"age determination #{self.pk} of case #{self.case_id}"


class Guardian(CaseScoped):
    """A parent, guardian or appointed representative who acts for a child."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="guardians")
    full_name = EncryptedTextField(_("full name"))
    relation = models.CharField(_("relation to the child"), max_length=20)
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    # Suspected of involvement in the trafficking or the debt: may not act for the child.
    suspected = models.BooleanField(_("suspected of involvement"), default=False)
    suspicion = EncryptedTextField(_("what is suspected"), blank=True, default="")
    # For an appointed representative: who appointed them (a commune, a court).
    appointed_by = EncryptedTextField(_("appointed by"), blank=True, default="")
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        # Never the name.
        return f"guardian #{self.pk} of case #{self.case_id}"


class BestInterests(CaseScoped):
    """The best-interests assessment of a child and the placement decided on it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="best_interests")
    family_situation = EncryptedTextField(_("family situation"))
    # Whether the family took part in the trafficking or the debt: "yes", "no", "unknown".
    family_involved = models.CharField(_("family took part"), max_length=10)
    schooling = EncryptedTextField(_("schooling"), blank=True, default="")
    # "safe", "unsafe", "unknown"
    safety_at_home = models.CharField(_("safety at home"), max_length=10)
    # engine.children.Placement
    placement = models.CharField(_("placement"), max_length=20)
    placement_with = EncryptedTextField(_("placed with"), blank=True, default="")
    child_views = EncryptedTextField(_("the child's own views"), blank=True, default="")
    # The commune's child-protection officer, a participant in the assessment.
    commune_officer = EncryptedTextField(_("commune child-protection officer"))
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"best-interests decision #{self.pk} of case #{self.case_id}"
