"""Scam reports, the indicators they name, the networks they form, freeze requests and
electronic evidence.

Narratives, reporter identities, answers and evidence are encrypted at rest. Indicator
keys are not: they are the phones, accounts and sites of the scam, shared with partners
and shown on the public lookup as counts.

Who sees what (``scope_q``): a report is seen by staff of its owning agency and of the
agencies above it (a national unit reads every province's reports); the reporter's
identity only inside the owning agency itself (``Report.shows_reporter_to``). An
indicator and a cluster are seen by whoever sees one of the reports that name or form
it. A freeze request is seen by the issuing agency's subtree and by the institution it
is addressed to; evidence by the collecting agency's subtree and its current holder.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.custody import CustodyLink
from ctip.core.fields import EncryptedJSONField, EncryptedTextField
from ctip.core.files import SealedFileName
from ctip.core.labels import label, stored
from ctip.core.models import Agency, AgencyType, Province, User


class ReportType(models.TextChoices):
    INVESTMENT = "investment", _("Investment scam")
    ROMANCE = "romance", _("Romance scam")
    GAMBLING = "gambling", _("Gambling scam")
    IMPERSONATION = "impersonation", _("Impersonation (police, bank, official)")
    RECRUITMENT = "recruitment", _("Deceptive recruitment")
    RANSOM = "ransom", _("Ransom demand for a person held abroad")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PUBLIC = "public", _("Public report page")
    STAFF = "staff", _("Staff")
    API = "api", _("API")
    IMPORT = "import", _("Batch import")


class IndicatorKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    EWALLET = "ewallet", _("E-wallet")
    SOCIAL = "social", _("Social media account")
    URL = "url", _("Website or link")
    CRYPTO = "crypto", _("Crypto wallet")
    NAME = "name", _("Recruiter or company name")
    EMAIL = "email", _("E-mail address")
    IP = "ip", _("IP address")
    APP = "app", _("App (package name)")
    APK_HASH = "apk_hash", _("App file hash (APK)")


# Institutions a freeze request may be addressed to.
INSTITUTION_TYPES = (AgencyType.BANK, AgencyType.TELCO, AgencyType.PLATFORM)
# Indicators an institution can suspend.
FREEZABLE_KINDS = ("bank_account", "ewallet", "phone", "social", "crypto")


def _path(actor: User) -> str:
    return actor.agency.path


class Cluster(models.Model):
    """A network: the reports linked by shared indicators, as the engine defines it.

    ``id`` is the engine's cluster id (``c-`` and a hash of the smallest report ref), so
    it changes when a report with a smaller ref joins; ``anchor`` is that ref.
    """

    id = models.CharField(primary_key=True, max_length=20)
    anchor = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("reports"))
    first_reported = models.DateTimeField(_("first report"))
    last_reported = models.DateTimeField(_("last report"))
    total_loss_vnd = models.PositiveBigIntegerField(_("reported losses (VND)"))
    kinds = models.JSONField(_("indicator kinds"), default=list)
    linking_indicators = models.PositiveIntegerField(_("linking indicators"))
    # Linking indicators of the cluster that partner sources also reported.
    partner_indicators = models.PositiveIntegerField(_("also reported by partners"), default=0)
    risk = models.FloatField(_("risk"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-risk", "-last_reported"]
        verbose_name = _("cluster")
        indexes = [models.Index(fields=["-risk", "-last_reported"], name="intel_cluster_risk")]

    def __str__(self) -> str:
        return self.id

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(
            Exists(
                Report.objects.filter(cluster=OuterRef("pk"), agency__path__startswith=_path(actor))
            )
        )


class TriageStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Accepted and assigned")
    MERGED = "merged", _("Merged into another report")
    UNFOUNDED = "unfounded", _("Closed as unfounded")


class Report(models.Model):
    # The id the engine links and exports by: the batch id for imports, the agency code
    # and the client's id for the API, a random token otherwise.
    ref = models.CharField(max_length=120, unique=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=ReportType.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    narrative = EncryptedTextField(_("what happened"), blank=True, default="")
    amount_lost_vnd = models.PositiveBigIntegerField(_("amount lost (VND)"), default=0)
    # The amount as typed when it was not in đồng (``ctip.core.values``).
    amount_lost_currency = models.CharField(max_length=4, default="VND")
    amount_lost_original = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    lost_on = models.DateField(_("date of the loss"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reporter_name = EncryptedTextField(_("reporter's name"), blank=True, default="")
    reporter_phone = EncryptedTextField(_("reporter's phone"), blank=True, default="")
    reporter_email = EncryptedTextField(_("reporter's email"), blank=True, default="")
    # Values that could not be normalised, kept as typed with the engine's message:
    # [{"kind", "value", "message"}].
    unparsed = EncryptedJSONField(default=list, blank=True)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    indicators: models.ManyToManyField[Indicator, ReportIndicator] = models.ManyToManyField(
        "Indicator", through="ReportIndicator", related_name="named_in"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Routing and triage (``ctip.intel.routing``, ``ctip.intel.triage``).
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TriageStatus.choices,
        default=TriageStatus.NEW,
        db_default=TriageStatus.NEW,
        editable=False,
    )
    assigned_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triage_note = EncryptedTextField(blank=True, default="", db_default="")
    # What a public reporter follows the report by: the reference, and the SHA-256 of a
    # random secret shown once.
    follow_code = models.CharField(max_length=20, null=True, blank=True, unique=True)
    # Rows the batch import writes without naming these columns get the database defaults.
    follow_secret_hash = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("scam report")
        indexes = [
            models.Index(fields=["agency", "-reported_at"], name="intel_report_agency"),
            models.Index(fields=["agency", "status"], name="intel_report_triage"),
        ]

    def __str__(self) -> str:
        # Never the narrative or the reporter: str() ends up in logs.
        return self.reference

    @property
    def reference(self) -> str:
        return f"SR-{self.pk:07d}"

    def unread_values(self) -> list[dict[str, str]]:
        """The values typed that could not be read, each with its kind and why, in the
        reader's language."""
        kinds = dict(IndicatorKind.choices)
        return [
            {
                "kind": str(kinds.get(item.get("kind", ""), item.get("kind", ""))),
                "value": str(item.get("value", "")),
                "message": label(stored(item)),
            }
            for item in self.unparsed
            if isinstance(item, dict)
        ]

    @property
    def has_reporter(self) -> bool:
        return bool(self.reporter_name or self.reporter_phone or self.reporter_email)

    def shows_reporter_to(self, actor: User) -> bool:
        """The reporter is known only inside the owning agency, not above or beside it."""
        return actor.agency_id == self.agency_id and actor.has_ctip_perm("intel.view_reporter")

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class Indicator(models.Model):
    """A normalised indicator (``ctip.intel.engine.normalise``), one row per kind and key.

    ``reports``, ``first_seen`` and ``last_seen`` are kept current by every write so
    that the public lookup reads one row.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    key = models.CharField(_("key"), max_length=255)
    display = models.CharField(_("indicator"), max_length=255)
    links = models.BooleanField(default=True)
    reports = models.PositiveIntegerField(_("reports"), default=0)
    first_seen = models.DateTimeField(_("first reported"), null=True, blank=True)
    last_seen = models.DateTimeField(_("last reported"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # Distinct partner sources (PartnerSource) that named it; kept by every import.
    partner_sources = models.PositiveIntegerField(_("partner sources"), default=0)
    # Reports naming it that staff accepted, and that they merged or closed as unfounded;
    # kept by ``ctip.intel.triage``.
    verified_reports = models.PositiveIntegerField(_("verified reports"), default=0, db_default=0)
    dismissed_reports = models.PositiveIntegerField(_("dismissed reports"), default=0, db_default=0)
    cleared_at = models.DateTimeField(_("cleared after a dispute"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("indicator")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="intel_indicator_key")]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(
            Exists(
                ReportIndicator.objects.filter(
                    indicator=OuterRef("pk"), report__agency__path__startswith=path
                )
            )
        ) | Q(
            Exists(
                PartnerSighting.objects.filter(
                    indicator=OuterRef("pk"), bundle__agency__path__startswith=path
                )
            )
        )


class ReportIndicator(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="intel_report_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} names {self.indicator_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(report__agency__path__startswith=_path(actor))


class Verification(models.Model):
    """An agency confirms that an indicator was used in a scam (shown on the lookup)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="verifications")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    verified_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(default=timezone.now)
    note = EncryptedTextField(_("basis"), blank=True, default="")

    class Meta:
        ordering = ["-verified_at"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "agency"], name="intel_verified_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} verified by {self.agency_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class FreezeStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting answer")
    DONE = "done", _("Done: all accounts suspended")
    PARTIAL = "partial", _("Partly done")
    REJECTED = "rejected", _("Rejected")


ANSWERS = (FreezeStatus.DONE, FreezeStatus.PARTIAL, FreezeStatus.REJECTED)


class FreezeRequest(models.Model):
    """A request to a bank, e-wallet or telco to suspend accounts; answered once."""

    issuing_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    institution = models.ForeignKey(
        Agency, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    indicators = models.ManyToManyField(Indicator, verbose_name=_("accounts"), related_name="+")
    reports = models.ManyToManyField(Report, verbose_name=_("linked reports"), related_name="+")
    # Free text that names suspects, victims and the file it rests on: encrypted.
    legal_basis = EncryptedTextField(_("legal basis"))
    deadline = models.DateTimeField(_("answer by"))
    status = models.CharField(
        _("status"), max_length=10, choices=FreezeStatus.choices, default=FreezeStatus.SENT
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_held_vnd = models.PositiveBigIntegerField(_("amount held (VND)"), null=True, blank=True)
    amount_held_currency = models.CharField(max_length=4, default="VND")
    amount_held_original = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    # Institutions name account holders in their answers: encrypted.
    answer_note = EncryptedTextField(_("answer"), blank=True, default="")
    # Per-account answers (``FreezeAccount``, ``ctip.intel.freezing``).
    first_frozen_at = models.DateTimeField(_("first account frozen at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("freeze request")
        indexes = [models.Index(fields=["institution", "status"], name="intel_freeze_inbox")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"FR-{self.pk:06d}"

    @property
    def is_overdue(self) -> bool:
        return self.status == FreezeStatus.SENT and self.deadline < timezone.now()

    @property
    def time_to_freeze(self) -> timedelta | None:
        """From the request to the first account frozen."""
        return self.first_frozen_at - self.issued_at if self.first_frozen_at else None

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(issuing_agency__path__startswith=path) | Q(institution__path__startswith=path)


class EvidenceItem(models.Model):
    """A file attached to a report or to a cluster, encrypted on disk under its own key.

    Exactly one of ``report`` and ``indicator`` is set. Cluster ids change when clusters
    merge or are rebuilt, so evidence of a cluster is anchored on one of its linking
    indicators: a linking indicator belongs to exactly one cluster, and stays in it
    (with every report that names it) through merges and rebuilds.

    The file key is wrapped by the data key (``wrapped_key`` is an encrypted field, so
    ``ctip rotate-key`` rewraps it); ``sha256`` is of the plaintext, so anyone holding
    the exported file can check it with ``sha256sum``.
    """

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("cluster anchor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(
        Agency, verbose_name=_("current holder"), on_delete=models.PROTECT, related_name="+"
    )
    collected_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    collected_at = models.DateTimeField(default=timezone.now)
    description = EncryptedTextField(_("description"), blank=True, default="")
    filename = EncryptedTextField(_("file name"))
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = SealedFileName(
        max_length=40, unique=True, editable=False, folder="intel/evidence"
    )
    wrapped_key = EncryptedTextField(editable=False)

    class Meta:
        ordering = ["collected_at", "pk"]
        verbose_name = _("evidence item")
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, indicator__isnull=True)
                | Q(report__isnull=True, indicator__isnull=False),
                name="intel_evidence_one_anchor",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"EV-{self.pk:06d}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(agency__path__startswith=path) | Q(holder__path__startswith=path)


class CustodyAction(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    TRANSFERRED = "transferred", _("Transferred")
    ACCESSED = "accessed", _("Accessed")
    EXPORTED = "exported", _("Exported")


class CustodyEvent(CustodyLink):
    """One link of an evidence item's chain of custody (``ctip.core.custody``): hash-chained
    over the clear note, append-only."""

    evidence = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=12, choices=CustodyAction.choices)

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        path = _path(actor)
        return Q(evidence__agency__path__startswith=path) | Q(
            evidence__holder__path__startswith=path
        )


# Partner sources ----------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    AGENCY = "agency", _("Partner law-enforcement agency")
    CERT = "cert", _("CERT or CSIRT")
    COUNTRY = "country", _("Partner country (national contact point)")
    INDUSTRY = "industry", _("Industry or platform")
    OTHER = "other", _("Other")


class FeedFormat(models.TextChoices):
    STIX = "stix", _("STIX 2.1 bundle")
    MISP = "misp", _("MISP event")


class PartnerSource(models.Model):
    """Who sends indicators: a partner agency, CERT or country (its name is not shown
    next to the indicators it names, only on the partner pages of ``intel.share``).

    ``key`` is the folded name and the country, so "CamCERT" and "camcert " are one.
    Seen by whoever received one of its documents (its agency and the ones above).
    """

    key = models.CharField(max_length=220, unique=True, editable=False)
    name = models.CharField(_("partner"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PartnerKind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "country"]
        verbose_name = _("partner source")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name

    @staticmethod
    def key_for(name: str, country: str) -> str:
        return f"{' '.join(name.casefold().split())}|{country.upper()}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(
            Exists(
                PartnerBundle.objects.filter(
                    source=OuterRef("pk"), agency__path__startswith=_path(actor)
                )
            )
        )


class PartnerBundle(models.Model):
    """One STIX bundle or MISP event received from a partner source.

    Unique on (receiving agency, source, format, document id): the same agency receiving
    the same document again updates this row and its sightings instead of adding any.
    """

    source = models.ForeignKey(PartnerSource, on_delete=models.PROTECT, related_name="bundles")
    format = models.CharField(_("format"), max_length=4, choices=FeedFormat.choices)
    document_id = models.CharField(_("bundle or event id"), max_length=200)
    # Encrypted: a MISP event's "info" is free text a partner may fill with a victim's name.
    title = EncryptedTextField(_("title"), blank=True, default="")
    agency = models.ForeignKey(
        Agency, verbose_name=_("received by agency"), on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("first received"), default=timezone.now)
    last_received_at = models.DateTimeField(_("last received"), default=timezone.now)
    times_received = models.PositiveIntegerField(default=1)
    sha256 = models.CharField(max_length=64)
    indicators = models.PositiveIntegerField(_("indicators"), default=0)
    # Per-object errors of the last receipt: [{"position", "kind", "value", "attribute",
    # "message", "params"}], why as a message id and its values (``core.labels.stored``);
    # receipts before kept [{"position", "object", "message"}] in English. Encrypted: an
    # object is quoted by its value, which may be a person's phone or name.
    errors = EncryptedJSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)

    class Meta:
        ordering = ["-last_received_at", "-pk"]
        verbose_name = _("partner document")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source", "format", "document_id"],
                name="intel_partner_bundle_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.format}:{self.document_id}"

    @property
    def reference(self) -> str:
        return f"PB-{self.pk:06d}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


class PartnerSighting(models.Model):
    """A partner document named an indicator: when the partner saw it, and the
    partner's own confidence and labels when it gave them."""

    bundle = models.ForeignKey(PartnerBundle, on_delete=models.CASCADE, related_name="sightings")
    source = models.ForeignKey(PartnerSource, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="partner_sightings"
    )
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    confidence = models.PositiveSmallIntegerField(_("partner's confidence"), null=True)
    labels = models.JSONField(_("partner's labels"), default=list, blank=True)

    class Meta:
        ordering = ["indicator", "source", "first_seen"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "indicator"], name="intel_partner_sighting")
        ]
        indexes = [models.Index(fields=["indicator", "source"], name="intel_sighting_source")]

    def __str__(self) -> str:
        return f"{self.bundle_id} names {self.indicator_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(bundle__agency__path__startswith=_path(actor))


# Disputes -------------------------------------------------------------------------------


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    UPHELD = "upheld", _("Upheld: the reports were unfounded")
    REJECTED = "rejected", _("Rejected")


class Dispute(models.Model):
    """The owner of a number, account or site disputes the reports naming it."""

    code = models.CharField(max_length=20, unique=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    statement = EncryptedTextField()
    contact = EncryptedTextField(blank=True, default="")
    status = models.CharField(
        max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN, editable=False
    )
    answer = EncryptedTextField(blank=True, default="")
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("dispute")
        indexes = [models.Index(fields=["agency", "status"], name="intel_dispute_queue")]

    def __str__(self) -> str:
        return self.code

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))


# Per-account freeze answers and who holds which account ---------------------------------


class AccountOutcome(models.TextChoices):
    FROZEN = "frozen", _("Frozen")
    NOT_FOUND = "not_found", _("Not found")
    CLOSED = "closed", _("Already closed")
    REFUSED = "refused", _("Refused")


class FreezeAccount(models.Model):
    """One account of a freeze request and the institution's answer for it."""

    request = models.ForeignKey(FreezeRequest, on_delete=models.CASCADE, related_name="accounts")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("answer"), max_length=10, choices=AccountOutcome.choices, blank=True, default=""
    )
    amount_held_vnd = models.PositiveBigIntegerField(_("amount held (VND)"), null=True, blank=True)
    reason = EncryptedTextField(blank=True, default="")
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_vnd = models.PositiveBigIntegerField(_("returned to victims (VND)"), default=0)
    returned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "indicator"], name="intel_freeze_account")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.indicator_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(request__in=FreezeRequest.objects.filter(FreezeRequest.scope_q(actor)))


class HolderKind(models.TextChoices):
    BIN = "bin", _("Bank (six-digit BIN)")
    EWALLET = "ewallet", _("E-wallet provider")
    TELCO = "telco", _("Mobile operator")


class InstitutionCode(models.Model):
    """What an institution holds: a bank's BIN, an e-wallet provider, a mobile operator."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="holds")
    kind = models.CharField(max_length=10, choices=HolderKind.choices)
    code = models.CharField(max_length=40)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="intel_institution_code")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        # Reference data: which institution holds what is no secret.
        return Q()


class CompoundLink(models.Model):
    """An analyst's finding that an indicator (and the network it links) belongs to a
    compound of the register (``compounds``). Kept per agency: the agency and those above
    it read it; other agencies see on the compound's page only how many there are."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    compound = models.ForeignKey("compounds.Compound", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    linked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("link to a compound")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "compound", "agency"], name="intel_compound_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} → {self.compound_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=_path(actor))
