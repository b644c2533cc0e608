"""Denunciations, criminal cases, their decisions, persons, charges, victims and assets.

See docs/apps/proceedings.md. Persons are encrypted; the investigation file (a criminal
case and everything under it) is read by the agencies that have been in charge of it and
those above them, and by the agencies it is shared with, exactly.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.fields import BlindIndexField, EncryptedDateField, EncryptedTextField, normalise_text
from ctip.core.models import Agency
from ctip.proceedings import law

if TYPE_CHECKING:
    from ctip.core.models import User


def _below(actor: User) -> str:
    return actor.agency.path


class DenunciationKind(models.TextChoices):
    DENUNCIATION = "denunciation", _("Denunciation of a crime")
    CRIME_REPORT = "crime_report", _("Report of a crime")
    PROPOSAL = "proposal", _("Proposal to prosecute")


class SourceKind(models.TextChoices):
    NONE = "none", _("No linked record")
    VICTIM_CASE = "victim_case", _("A victim's protection case")
    NETWORK = "network", _("A scam network")
    HOTLINE_CALL = "hotline_call", _("A hotline call")
    TRACING_REQUEST = "tracing_request", _("A tracing request")


class Resolution(models.TextChoices):
    PROSECUTE = "prosecute", _("Initiate a criminal case")
    DO_NOT_PROSECUTE = "do_not_prosecute", _("Do not initiate a criminal case")
    TRANSFER = "transfer", _("Transfer to another agency")
    SUSPEND = "suspend", _("Suspend the resolution")


class Denunciation(models.Model):
    """A denunciation or crime report (tố giác, tin báo) and its resolution in time."""

    kind = models.CharField(_("kind"), max_length=20, choices=DenunciationKind.choices)
    received_by = models.ForeignKey(
        Agency, verbose_name=_("received by"), on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("received on"))
    # What was reported names people: encrypted.
    summary = EncryptedTextField(_("summary"))
    source_kind = models.CharField(
        _("comes from"), max_length=20, choices=SourceKind.choices, default=SourceKind.NONE
    )
    source_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_call = models.ForeignKey(
        "hotline.Call", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_request = models.ForeignKey(
        "hotline.TracingRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A cluster id as seen when linked; a call's or a tracing request's readable reference.
    source_reference = models.CharField(_("reference"), max_length=80, blank=True, default="")
    extensions = models.PositiveSmallIntegerField(default=0, editable=False)
    due_on = models.DateField(_("to be resolved by"))
    resolution = models.CharField(
        _("decision"), max_length=20, choices=Resolution.choices, blank=True, default=""
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_late = models.BooleanField(default=False, editable=False)
    decision_note = EncryptedTextField(_("reasons"), blank=True, default="")
    transferred_to = models.ForeignKey(
        Agency,
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    criminal_case = models.OneToOneField(
        "CriminalCase", null=True, blank=True, on_delete=models.PROTECT, related_name="origin"
    )
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("denunciation")
        indexes = [
            models.Index(fields=["received_by", "-received_on", "-id"], name="den_agency_recent"),
            models.Index(fields=["decided_on"], name="den_decided_on"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"TG-{self.pk:07d}"

    def overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.resolution and today > self.due_on

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(received_by__path__startswith=_below(actor)) | Q(transferred_to_id=actor.agency_id)


class Stage(models.TextChoices):
    INITIATION = "initiation", _("Initiation")
    INVESTIGATION = "investigation", _("Investigation")
    INDICTMENT = "indictment", _("Indictment by the procuracy")
    FIRST_INSTANCE = "first_instance", _("First-instance trial")
    APPEAL = "appeal", _("Appeal")
    FINAL = "final", _("Final judgment")


class DecisionKind(models.TextChoices):
    INITIATE = "initiate", _("Criminal case initiated")
    CHARGE_ACCUSED = "charge_accused", _("Accused charged")
    CONCLUDE_INVESTIGATION = (
        "conclude_investigation",
        _("Investigation concluded, indictment proposed"),
    )
    INDICT = "indict", _("Indicted; case accepted by the court")
    FIRST_INSTANCE_JUDGMENT = "first_instance_judgment", _("First-instance judgment")
    APPEAL = "appeal", _("Appeal lodged")
    FINAL_JUDGMENT = "final_judgment", _("Judgment final")


class Seriousness(models.TextChoices):
    LESS_SERIOUS = "less_serious", _("Less serious")
    SERIOUS = "serious", _("Serious")
    VERY_SERIOUS = "very_serious", _("Very serious")
    ESPECIALLY_SERIOUS = "especially_serious", _("Especially serious")


class CriminalCase(models.Model):
    """A criminal case (vụ án hình sự): the investigation file and its stages."""

    # The case's name often names the accused: encrypted.
    title = EncryptedTextField(_("title"))
    initiated_on = models.DateField(_("initiated on"))
    initiating_agency = models.ForeignKey(
        Agency, verbose_name=_("initiated by"), on_delete=models.PROTECT, related_name="+"
    )
    # Police or border guard, as it was when the case began (national reports count apart).
    initiating_agency_type = models.CharField(max_length=30, editable=False)
    agency_in_charge = models.ForeignKey(
        Agency, verbose_name=_("agency in charge"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    stage_began_on = models.DateField(_("stage began on"))
    last_decided_on = models.DateField(editable=False)
    seriousness = models.CharField(
        _("seriousness"), max_length=20, choices=Seriousness.choices, default=Seriousness.SERIOUS
    )
    investigation_concluded_on = models.DateField(null=True, blank=True, editable=False)
    court_accepted_on = models.DateField(null=True, blank=True, editable=False)
    first_instance_judged_on = models.DateField(null=True, blank=True, editable=False)
    final_on = models.DateField(null=True, blank=True, editable=False)
    # Counts kept by the actions (``actions.common.recount``) so that the year's table is
    # one pass over the cases, not joins over their persons.
    accused_count = models.PositiveIntegerField(default=0, editable=False)
    defendant_count = models.PositiveIntegerField(default=0, editable=False)
    victim_count = models.PositiveIntegerField(default=0, editable=False)
    victim_male = models.PositiveIntegerField(default=0, editable=False)
    victim_female = models.PositiveIntegerField(default=0, editable=False)
    victim_under_16 = models.PositiveIntegerField(default=0, editable=False)
    victim_under_18 = models.PositiveIntegerField(default=0, editable=False)
    under_16 = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-initiated_on", "-pk"]
        verbose_name = _("criminal case")
        indexes = [
            models.Index(
                fields=["agency_in_charge", "-initiated_on", "-id"], name="crim_agency_recent"
            ),
            models.Index(fields=["initiated_on"], name="crim_initiated_on"),
            # Investigations open (concluded is NULL) or concluded in a period.
            models.Index(
                fields=["investigation_concluded_on", "initiated_on"], name="crim_concluded_on"
            ),
            models.Index(fields=["court_accepted_on"], name="crim_accepted_on"),
            models.Index(fields=["first_instance_judged_on"], name="crim_judged_on"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"VA-{self.pk:07d}"

    @property
    def limit(self) -> str | None:
        """Which configured time limit runs in the current stage."""
        if self.stage in (Stage.INITIATION, Stage.INVESTIGATION):
            return "investigation"
        if self.stage == Stage.INDICTMENT:
            return "indictment"
        if self.stage == Stage.FIRST_INSTANCE:
            return "appeal_window" if self.first_instance_judged_on else "first_instance"
        if self.stage == Stage.APPEAL:
            return "appeal"
        return None

    @property
    def limit_runs_from(self) -> dt.date:
        if self.stage in (Stage.INITIATION, Stage.INVESTIGATION):
            return self.initiated_on
        if self.stage == Stage.FIRST_INSTANCE and self.first_instance_judged_on:
            return self.first_instance_judged_on
        return self.stage_began_on

    @property
    def due_on(self) -> dt.date | None:
        limit = self.limit
        if limit is None:
            return None
        return law.stage_deadline(limit, self.seriousness, self.limit_runs_from)

    def overdue(self, today: dt.date | None = None) -> bool:
        due = self.due_on
        return due is not None and (today or timezone.localdate()) > due

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        """The agencies that have been in charge (each has a decision: the initiation names
        the investigating body, each hand-over the agency taking over) and those above
        them; the agencies the file is shared with, exactly."""
        return Q(pk__in=readable_ids(actor))


def readable_ids(actor: User) -> models.QuerySet[Any]:
    """Ids of the cases the actor's agency reads: one set, so that the database answers it
    with indexes (``crimdec_agency_case``) instead of testing an ``OR`` on every case."""
    below = Agency.objects.filter(path__startswith=_below(actor)).values("pk")
    in_charge = CaseDecision.objects.filter(agency_id__in=below).order_by().values("case_id")
    shared = (
        FileShare.objects.filter(agency_id=actor.agency_id, revoked_at__isnull=True)
        .order_by()
        .values("case_id")
    )
    return in_charge.union(shared)


def _file_scope(actor: User) -> Q:
    return Q(case__in=CriminalCase.objects.filter(CriminalCase.scope_q(actor)).values("pk"))


class InFile(models.Model):
    case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return _file_scope(actor)


class CaseDecision(InFile):
    case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=30, choices=DecisionKind.choices)
    decided_on = models.DateField(_("decided on"))
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency in charge"), on_delete=models.PROTECT, related_name="+"
    )
    from_stage = models.CharField(max_length=20, blank=True, default="")
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    note = EncryptedTextField(_("note"), blank=True, default="")
    decided_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("decision")
        indexes = [
            models.Index(fields=["case", "agency"], name="crimdec_case_agency"),
            models.Index(fields=["agency", "case"], name="crimdec_agency_case"),
        ]

    def __str__(self) -> str:
        return f"decision #{self.pk} in case #{self.case_id}"


class FileShare(InFile):
    case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sharing of an investigation file")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"],
                condition=Q(revoked_at__isnull=True),
                name="fileshare_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"share #{self.pk} of case #{self.case_id}"


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not known")


class ProceduralRole(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    ACCUSED = "accused", _("Accused")
    DEFENDANT = "defendant", _("Defendant")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Not decided")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    EXEMPTED = "exempted", _("Exempted from criminal liability")
    DROPPED = "dropped", _("Proceedings dropped")


class Accused(InFile):
    """A suspect, accused or defendant of one criminal case."""

    case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="accused")
    full_name = EncryptedTextField(_("full name"))
    name_index = BlindIndexField(
        source="full_name", purpose="accused_name", normaliser=normalise_text
    )
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    identity_number = EncryptedTextField(_("identity or passport number"), blank=True, default="")
    identity_index = BlindIndexField(
        source="identity_number", purpose="accused_identity", normaliser=normalise_text
    )
    nationality = models.CharField(_("nationality"), max_length=2, default="VN")
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    role = models.CharField(
        _("procedural role"),
        max_length=20,
        choices=ProceduralRole.choices,
        default=ProceduralRole.SUSPECT,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("accused person")

    def __str__(self) -> str:
        # Never the name.
        return f"accused #{self.pk}"


class SentenceKind(models.TextChoices):
    NONE = "", _("No sentence yet")
    IMPRISONMENT = "imprisonment", _("Imprisonment")
    SUSPENDED = "suspended", _("Suspended sentence")
    NON_CUSTODIAL = "non_custodial", _("Non-custodial reform")
    FINE = "fine", _("Fine")
    LIFE = "life", _("Life imprisonment")


class Charge(InFile):
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="charges")
    article = models.CharField(_("Penal Code article"), max_length=10)
    clause = models.PositiveSmallIntegerField(_("clause"), null=True, blank=True)
    # The act describes what a person did to whom: encrypted; the index finds the same act.
    act = EncryptedTextField(_("act"))
    act_index = BlindIndexField(source="act", purpose="charge_act", normaliser=normalise_text)
    sentence_kind = models.CharField(
        _("sentence"), max_length=20, choices=SentenceKind.choices, blank=True, default=""
    )
    sentence_months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    fine_vnd = models.PositiveBigIntegerField(_("fine (VND)"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("charge")
        constraints = [
            models.UniqueConstraint(fields=["accused", "act_index"], name="charge_one_per_act")
        ]

    def __str__(self) -> str:
        return f"charge #{self.pk}"


class MeasureKind(models.TextChoices):
    DETENTION = "detention", _("Temporary detention")
    CUSTODY = "custody", _("Custody")
    BAIL = "bail", _("Bail")
    RESIDENCE_BAN = "residence_ban", _("Ban from leaving the place of residence")
    EXIT_BAN = "exit_ban", _("Temporary exit ban")


class Measure(InFile):
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("measure")

    def __str__(self) -> str:
        return f"measure #{self.pk}"


class WitnessStatus(models.TextChoices):
    NOT_HEARD = "not_heard", _("Not heard yet")
    STATEMENT = "statement", _("Statement taken")
    TESTIFIED = "testified", _("Testified at trial")
    DECLINED = "declined", _("Declined to testify")


class Victim(InFile):
    """A victim in the proceedings: a reference to the protection case, counts by sex and
    age band, and what the proceedings give them."""

    case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="victims")
    protection_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    under_16 = models.BooleanField(_("under 16 at the time of the offence"), default=False)
    under_18 = models.BooleanField(_("a child (under 18)"), default=False)
    witness_status = models.CharField(
        _("as a witness"),
        max_length=20,
        choices=WitnessStatus.choices,
        default=WitnessStatus.NOT_HEARD,
    )
    protection_measures = models.JSONField(_("protection measures"), default=list, blank=True)
    legal_aid = models.BooleanField(_("legal aid"), default=False)
    compensation_ordered_vnd = models.PositiveBigIntegerField(
        _("compensation ordered (VND)"), null=True, blank=True
    )
    compensation_paid_vnd = models.PositiveBigIntegerField(
        _("compensation paid (VND)"), null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("victim in proceedings")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "protection_case"],
                condition=Q(protection_case__isnull=False),
                name="victim_once_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"victim #{self.pk} in case #{self.case_id}"


class LinkKind(models.TextChoices):
    NETWORK = "network", _("Scam network")
    INDICATOR = "indicator", _("Indicator")
    FREEZE_REQUEST = "freeze_request", _("Freeze request")
    EVIDENCE = "evidence", _("Evidence item")


class CaseLink(InFile):
    case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    ref = models.CharField(_("reference"), max_length=80)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("link")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "ref"], name="caselink_once")
        ]

    def __str__(self) -> str:
        return f"link #{self.pk}"


class AssetStatus(models.TextChoices):
    FROZEN = "frozen", _("Frozen")
    RECOVERED = "recovered", _("Recovered")
    RETURNED = "returned", _("Returned to the victim")


class Asset(InFile):
    case = models.ForeignKey(CriminalCase, on_delete=models.PROTECT, related_name="assets")
    description = EncryptedTextField(_("description"))
    amount_vnd = models.PositiveBigIntegerField(_("value (VND)"))
    status = models.CharField(_("status"), max_length=20, choices=AssetStatus.choices)
    status_on = models.DateField(_("since"))
    returned_to = models.ForeignKey(
        Victim, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("asset")

    def __str__(self) -> str:
        return f"asset #{self.pk}"


ASSET_ORDER = (AssetStatus.FROZEN, AssetStatus.RECOVERED, AssetStatus.RETURNED)


class AssetStatusChange(InFile):
    """One step of an asset's history: frozen, then recovered, then returned."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="history")
    status = models.CharField(_("status"), max_length=20, choices=AssetStatus.choices)
    status_on = models.DateField(_("since"))
    returned_to = models.ForeignKey(
        Victim, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["status_on", "pk"]
        verbose_name = _("change of an asset's status")
        constraints = [
            models.UniqueConstraint(fields=["asset", "status"], name="asset_status_once")
        ]

    def __str__(self) -> str:
        return f"asset #{self.asset_id}: {self.status}"
