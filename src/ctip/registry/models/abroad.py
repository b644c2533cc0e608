"""Workers abroad on contract, their Labour Management Boards, orientation and incidents.

Who sees what (``scope_q``): a contract and a worker are kept by the agency that
registered them; a worker and an incident are also seen by the Board covering the
destination (its agency and those above it). Boards are reference data every reader of
the registry sees. Persons (name, date of birth, identity and passport numbers, phones,
what a family writes) are encrypted, with blind indexes for exact lookup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.fields import BlindIndexField, EncryptedDateField, EncryptedTextField

from .enterprises import Enterprise, kept_by

if TYPE_CHECKING:
    from ctip.core.models import User


def _digits_and_letters(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


class LabourBoard(models.Model):
    """A Labour Management Board (at an embassy) and the destinations it covers."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    covers = models.JSONField(_("destinations covered"), default=list)  # ISO codes
    # The board's own agency in CTIP: its inbox receives the incidents routed to it.
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    email = models.CharField(_("e-mail"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q()  # reference data: which board covers which destination


class Contract(models.Model):
    """A contract registered with the labour authority."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("registration number"), max_length=60)
    employer = models.CharField(_("employer"), max_length=300)
    destination = models.CharField(_("destination"), max_length=2)
    job = models.CharField(_("job"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    service_fee_months = models.DecimalField(
        _("service fee (months of wages)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    service_fee_vnd = models.PositiveBigIntegerField(_("service fee (VND)"), null=True, blank=True)
    brokerage_vnd = models.PositiveBigIntegerField(_("brokerage (VND)"), null=True, blank=True)
    monthly_wage_vnd = models.PositiveBigIntegerField(
        _("monthly wage (VND)"), null=True, blank=True
    )
    registered_on = models.DateField(_("registered on"))

    class Meta:
        ordering = ["-registered_on", "-pk"]

    def __str__(self) -> str:
        return self.number

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return kept_by(actor, "agency")


class Worker(models.Model):
    """A worker abroad on contract, until they return."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="workers"
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    board = models.ForeignKey(
        LabourBoard, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    destination = models.CharField(_("destination"), max_length=2)
    full_name = EncryptedTextField(_("full name"))
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    identity_number = EncryptedTextField(_("citizen identity number"), blank=True, default="")
    identity_number_index = BlindIndexField(
        source="identity_number", purpose="identity_number", normaliser=_digits_and_letters
    )
    passport_number = EncryptedTextField(_("passport number"), blank=True, default="")
    passport_number_index = BlindIndexField(
        source="passport_number", purpose="passport_number", normaliser=_digits_and_letters
    )
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    family_contact = EncryptedTextField(_("family contact"), blank=True, default="")
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"worker {self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return kept_by(actor, "agency") | kept_by(actor, "board__agency")


class Orientation(models.Model):
    """A pre-departure orientation course a worker completed."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="orientations")
    course = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"))
    certificate = models.CharField(_("certificate number"), max_length=60, blank=True)

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return self.course

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return kept_by(actor, "worker__agency") | kept_by(actor, "worker__board__agency")


class IncidentKind(models.TextChoices):
    ABUSE = "abuse", _("Abuse or violence")
    UNPAID_WAGES = "unpaid_wages", _("Wages not paid")
    PASSPORT = "passport", _("Passport or papers taken")
    MOVED = "moved", _("Moved to another employer or country")
    END_CONTRACT = "end_contract", _("Wishes to end the contract")
    OTHER = "other", _("Something else")


class Reporter(models.TextChoices):
    WORKER = "worker", _("The worker")
    FAMILY = "family", _("The family")
    STAFF = "staff", _("Staff, on a call or a visit")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACKNOWLEDGED = "acknowledged", _("Being handled")
    CLOSED = "closed", _("Closed")


class IncidentOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved with the employer")
    MOVED_EMPLOYER = "moved_employer", _("Moved to another employer")
    RETURNED = "returned", _("Brought home")
    CONTRACT_ENDED = "contract_ended", _("Contract ended")
    REFERRED = "referred", _("Referred for protection")
    UNFOUNDED = "unfounded", _("Not confirmed")


class Incident(models.Model):
    """A worker's or a family's report from abroad, routed to the Board and the enterprise."""

    reference = models.CharField(max_length=20, unique=True)
    # The SHA-256 of the secret a public reporter follows the incident by, with its
    # reference (``ctip.core.follow``); empty for an incident recorded by staff.
    follow_secret_hash = models.CharField(max_length=64, blank=True, default="", db_default="")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    board = models.ForeignKey(
        LabourBoard, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The scam compound of the register (``compounds``) the report names, when staff link one.
    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=IncidentKind.choices)
    reporter = models.CharField(_("reported by"), max_length=10, choices=Reporter.choices)
    country = models.CharField(_("country"), max_length=2)
    # Sign codes (``engine.incidents.SIGNS``), never free text.
    signs = models.JSONField(default=list, blank=True)
    trafficking_signs = models.BooleanField(default=False)
    worker_name = EncryptedTextField(_("worker's name"), blank=True, default="")
    contact = EncryptedTextField(_("how to reach the reporter"), blank=True, default="")
    narrative = EncryptedTextField(_("what happened, in the reporter's words"), blank=True)
    employer = EncryptedTextField(_("employer"), blank=True, default="")
    status = models.CharField(
        max_length=14, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    # When the status last changed; empty on incidents recorded before it was kept.
    status_changed_at = models.DateTimeField(null=True, blank=True)
    board_due_at = models.DateTimeField(null=True, blank=True)
    enterprise_due_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=IncidentOutcome.choices, blank=True)
    outcome_note = EncryptedTextField(blank=True, default="")
    # The protection case opened from this report (cases app), by id.
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return kept_by(actor, "agency") | kept_by(actor, "board__agency")
