"""Exchanges with counterparts abroad: verification requests and handover operations.

Persons on a list are stored encrypted (names, dates, home places, document numbers,
remarks), with blind indexes for exact lookups. What stays in clear is coarse: sex, birth
year, the resolved home province, the answer and the outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.fields import BlindIndexField, EncryptedJSONField, EncryptedTextField
from ctip.core.files import SealedFileName
from ctip.core.text import fold

if TYPE_CHECKING:
    from ctip.core.models import User


def name_normaliser(value: str) -> str:
    """Names as foreign lists write them: no diacritics, any case, any spacing."""
    return fold(value)


def document_normaliser(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not stated")


class Direction(models.TextChoices):
    FROM_ABROAD = "from_abroad", _("Received from abroad")
    TO_ABROAD = "to_abroad", _("Sent abroad")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for answers")
    ANSWERED = "answered", _("Answered")


class Answer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    CONFIRMED = "confirmed", _("Confirmed citizen")
    NOT_FOUND = "not_found", _("Not found")
    MORE_INFO = "more_info", _("More information needed")


class MatchLevel(models.TextChoices):
    NONE = "", _("No one on file")
    POSSIBLE = "possible", _("Possibly on file")
    LIKELY = "likely", _("Probably on file")


class PersonFields(models.Model):
    """What a list gives of one person."""

    row = models.PositiveIntegerField(_("row"))
    full_name = EncryptedTextField(_("full name"))
    name_index = BlindIndexField(
        source="full_name", purpose="list_name", normaliser=name_normaliser
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = EncryptedTextField(_("date of birth"), blank=True, default="")  # ISO date
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    home_place = EncryptedTextField(_("home place"), blank=True, default="")
    home_province = models.ForeignKey(
        "core.Province",
        verbose_name=_("home province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_number = EncryptedTextField(_("document number"), blank=True, default="")
    document_index = BlindIndexField(
        source="document_number", purpose="list_document", normaliser=document_normaliser
    )
    match_level = models.CharField(
        _("on file"), max_length=10, choices=MatchLevel.choices, blank=True, default=""
    )
    tracing_matches = models.PositiveSmallIntegerField(_("tracing requests matched"), default=0)

    class Meta:
        abstract = True


class VerificationRequest(models.Model):
    number = models.CharField(max_length=20, unique=True, editable=False)
    direction = models.CharField(
        _("direction"), max_length=12, choices=Direction.choices, default=Direction.FROM_ABROAD
    )
    counterpart = models.ForeignKey(
        "core.Agency",
        verbose_name=_("counterpart abroad"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    verifying_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("verifying agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    compound = models.ForeignKey(
        "compounds.Compound",
        verbose_name=_("compound"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    their_reference = models.CharField(_("their reference"), max_length=60, blank=True, default="")
    received_on = models.DateField(_("received on"))
    deadline = models.DateField(_("answer by"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("verification request")

    def __str__(self) -> str:
        return self.number

    @property
    def reference(self) -> str:
        return self.number

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        """The two sides of the exchange, each named exactly, and the agencies above the
        one that created it; never a sibling counterpart."""
        return (
            Q(counterpart_id=actor.agency_id)
            | Q(verifying_agency_id=actor.agency_id)
            | Q(created_agency__path__startswith=actor.agency.path)
        )


class VerificationPerson(PersonFields):
    request = models.ForeignKey(
        VerificationRequest, on_delete=models.CASCADE, related_name="persons"
    )
    answer = models.CharField(
        _("answer"), max_length=12, choices=Answer.choices, default=Answer.PENDING
    )
    answer_note = EncryptedTextField(_("note to the counterpart"), blank=True, default="")
    answered_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "row"]
        verbose_name = _("person to verify")
        constraints = [
            models.UniqueConstraint(fields=["request", "row"], name="verification_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.row}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(request__in=VerificationRequest.objects.filter(VerificationRequest.scope_q(actor)))


class HandoverStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed")


class HandoverOperation(models.Model):
    number = models.CharField(max_length=20, unique=True, editable=False)
    on = models.DateField(_("date"))
    gate = models.CharField(_("place"), max_length=60)  # a code of gates.all_gates()
    transit_countries = models.JSONField(_("transit countries"), default=list, blank=True)
    counterpart = models.ForeignKey(
        "core.Agency",
        verbose_name=_("counterpart abroad"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("leading agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiving_agencies = models.ManyToManyField(
        "core.Agency", verbose_name=_("receiving agencies"), related_name="+", blank=True
    )
    compound = models.ForeignKey(
        "compounds.Compound",
        verbose_name=_("compound"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.PLANNED
    )
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("handover operation")

    def __str__(self) -> str:
        return self.number

    @property
    def reference(self) -> str:
        return self.number

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return (
            Q(lead_agency__path__startswith=actor.agency.path)
            | Q(counterpart_id=actor.agency_id)
            | Q(
                pk__in=HandoverOperation.receiving_agencies.through.objects.filter(
                    agency_id=actor.agency_id
                ).values("handoveroperation_id")
            )
        )


class Arrival(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    ARRIVED = "arrived", _("Arrived")
    ABSENT = "absent", _("Did not arrive")


class Outcome(models.TextChoices):
    NONE = "", _("Not decided")
    VICTIM_SUPPORT = "victim_support", _("Victim support")
    CRIMINAL_POLICE = "criminal_police", _("Criminal police")
    ADMINISTRATIVE = "administrative", _("Administrative handling")
    PLAIN_RETURN = "plain_return", _("Plain return")


class HandoverPerson(PersonFields):
    operation = models.ForeignKey(
        HandoverOperation, on_delete=models.CASCADE, related_name="persons"
    )
    remark = EncryptedTextField(_("remark on the list"), blank=True, default="")
    row_key = models.CharField(max_length=64, editable=False)  # keyed hash: duplicates
    arrival = models.CharField(
        _("arrival"), max_length=10, choices=Arrival.choices, default=Arrival.EXPECTED
    )
    identity_checked = models.BooleanField(_("identity checked"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    case_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    received_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["operation", "row"]
        verbose_name = _("person on a handover list")
        constraints = [
            models.UniqueConstraint(fields=["operation", "row_key"], name="handover_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.operation_id}/{self.row}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(operation__in=HandoverOperation.objects.filter(HandoverOperation.scope_q(actor)))


class NeedKind(models.TextChoices):
    TRAVEL_DOCUMENT = "travel_document", _("Passport or travel document")
    CONSULAR = "consular", _("Consular contact")
    TRANSPORT = "transport", _("Transport home")
    MEDICAL = "medical", _("Medical needs")
    OTHER = "other", _("Other")


class RepatriationNeed(models.Model):
    person = models.ForeignKey(HandoverPerson, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("need"), max_length=20, choices=NeedKind.choices)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = EncryptedTextField(_("note"), blank=True, default="")
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person", "pk"]
        verbose_name = _("repatriation need")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.kind}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(person__in=HandoverPerson.objects.filter(HandoverPerson.scope_q(actor))) | Q(
            agency_id=actor.agency_id
        )


class ScreeningChange(models.Model):
    """The screening interview of a received person's case moved to another day, and why."""

    person = models.ForeignKey(
        HandoverPerson, on_delete=models.CASCADE, related_name="screening_changes"
    )
    old_on = models.DateField(_("scheduled on before"))
    new_on = models.DateField(_("scheduled on"))
    reason = EncryptedTextField(_("reason"))
    changed_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person", "pk"]
        verbose_name = _("screening interview moved")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.new_on}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(person__in=HandoverPerson.objects.filter(HandoverPerson.scope_q(actor)))


class ManifestImport(models.Model):
    """One manifest file imported into a handover: its problems row by row."""

    operation = models.ForeignKey(HandoverOperation, on_delete=models.CASCADE, related_name="+")
    file_hash = models.CharField(max_length=64)
    rows_total = models.PositiveIntegerField(default=0)
    persons_added = models.PositiveIntegerField(default=0)
    problems = EncryptedJSONField(default=list, blank=True)  # quotes the rows' values
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("manifest import")
        constraints = [
            models.UniqueConstraint(fields=["operation", "file_hash"], name="manifest_once")
        ]

    def __str__(self) -> str:
        return f"manifest of {self.operation_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(operation__in=HandoverOperation.objects.filter(HandoverOperation.scope_q(actor)))


class PersonPhoto(models.Model):
    """The photo a counterpart sends of a person to verify, sealed under its own key."""

    person = models.OneToOneField(
        VerificationPerson, on_delete=models.CASCADE, related_name="photo"
    )
    storage_name = SealedFileName(
        max_length=64, unique=True, editable=False, folder="cooperation", suffix=".bin"
    )
    # The file's own AES key, wrapped by the data key (rotated with it).
    file_key = EncryptedTextField(editable=False)
    content_type = models.CharField(max_length=20, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("photo of a person to verify")

    def __str__(self) -> str:
        return f"photo of {self.person_id}"

    @property
    def owner(self) -> str:
        return f"cooperation.verificationperson:{self.person_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(person__in=VerificationPerson.objects.filter(VerificationPerson.scope_q(actor)))


# Joint investigations: a criminal case (proceedings, above this app) shared with a
# counterpart abroad, the requests for legal assistance between them, the persons transferred.


class JointInvestigation(models.Model):
    number = models.CharField(max_length=20, unique=True, editable=False)
    # The criminal case of the proceedings app, by id and reference: no foreign key upwards.
    case_id = models.PositiveIntegerField(editable=False)
    case_reference = models.CharField(_("criminal case"), max_length=20)
    counterpart = models.ForeignKey(
        "core.Agency",
        verbose_name=_("counterpart abroad"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Vietnamese agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the counterpart is told of the case, in English: it names people.
    summary = EncryptedTextField(_("summary shared"))
    opened_on = models.DateField(_("shared on"))
    opened_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("joint investigation")
        constraints = [
            models.UniqueConstraint(fields=["case_id", "counterpart"], name="joint_once")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def reference(self) -> str:
        return self.number

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        """The counterpart it was shared with, exactly; the Vietnamese agency and those above."""
        return Q(counterpart_id=actor.agency_id) | Q(agency__path__startswith=actor.agency.path)


def _joint_scope(actor: User) -> Q:
    return Q(joint__in=JointInvestigation.objects.filter(JointInvestigation.scope_q(actor)))


class AssistanceRequest(models.Model):
    """A request for legal assistance (mutual legal assistance in criminal matters)."""

    joint = models.ForeignKey(JointInvestigation, on_delete=models.PROTECT, related_name="requests")
    direction = models.CharField(_("direction"), max_length=12, choices=Direction.choices)
    subject = EncryptedTextField(_("what is asked"))
    sent_on = models.DateField(_("sent on"))
    deadline = models.DateField(_("answer by"))
    answer = EncryptedTextField(_("answer"), blank=True, default="")
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name = _("request for legal assistance")

    def __str__(self) -> str:
        return f"assistance request #{self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return _joint_scope(actor)


class TransferKind(models.TextChoices):
    EXTRADITION = "extradition", _("Extradition")
    SENTENCED = "sentenced", _("Transfer of a sentenced person")
    SUSPECT = "suspect", _("Handover of a suspect")


class TransferDirection(models.TextChoices):
    TO_VIET_NAM = "to_vn", _("To Viet Nam")
    FROM_VIET_NAM = "from_vn", _("From Viet Nam")


class PersonTransfer(models.Model):
    """A person of the criminal case transferred between the two sides."""

    joint = models.ForeignKey(
        JointInvestigation, on_delete=models.PROTECT, related_name="transfers"
    )
    # The accused person of the proceedings app, by id: no foreign key upwards.
    accused_id = models.PositiveIntegerField(editable=False)
    full_name = EncryptedTextField(_("full name"))
    nationality = models.CharField(_("nationality"), max_length=2)
    kind = models.CharField(_("kind"), max_length=12, choices=TransferKind.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=TransferDirection.choices)
    transferred_on = models.DateField(_("transferred on"))
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["transferred_on", "pk"]
        verbose_name = _("person transferred")
        constraints = [
            models.UniqueConstraint(
                fields=["joint", "accused_id", "kind"], name="transfer_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"transfer #{self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return _joint_scope(actor)
