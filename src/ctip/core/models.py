"""The platform's own records: provinces, agencies, staff, tokens, the audit trail."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ctip.core.fields import EncryptedJSONField, EncryptedTextField
from ctip.core.roles import ROLES, needs_second_factor, permissions_for


class Province(models.Model):
    """A province or centrally-run city in force since 1 July 2025 (34 units)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=[("province", _("province")), ("city", _("city"))]
    )
    former_names = models.JSONField(_("former provinces merged into it"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")

    def __str__(self) -> str:
        return self.name


class AgencyType(models.TextChoices):
    POLICE = "police", _("Police")
    BORDER_GUARD = "border_guard", _("Border guard")
    SOCIAL_PROTECTION = "social_protection", _("Social protection")
    LABOUR_HOME_AFFAIRS = "labour_home_affairs", _("Labour and home affairs")
    FOREIGN_AFFAIRS = "foreign_affairs", _("Foreign affairs")
    PROCURACY = "procuracy", _("Procuracy")
    COURT = "court", _("Court")
    COMMUNE = "commune", _("Commune People's Committee")
    HOTLINE = "hotline", _("Hotline")
    NGO = "ngo", _("NGO or international organisation")
    BANK = "bank", _("Bank or e-wallet")
    TELCO = "telco", _("Telecom operator")
    PLATFORM = "platform", _("Online platform")
    COUNTERPART = "counterpart", _("Counterpart abroad")
    OVERSIGHT = "oversight", _("Oversight and coordination")


class Agency(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=AgencyType.choices)
    name_vi = models.CharField(_("name in Vietnamese"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )
    country = models.CharField(_("country (ISO 3166 alpha-2)"), max_length=2, default="VN")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "/1/4/9/" so that a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Optimistic locking of administrators' edits (names, parent, status), as for accounts.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(country="VN") | Q(province__isnull=True),
                name="agency_province_only_in_vn",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def foreign(self) -> bool:
        """A foreign authority (a counterpart abroad), whose officers read CTIP in English.
        A Vietnamese mission abroad is not one."""
        return self.type == AgencyType.COUNTERPART

    def clean(self) -> None:
        if self.country != "VN" and self.province_id:
            raise ValidationError({"province": _("An agency abroad has no Vietnamese province.")})
        if self.type == AgencyType.COUNTERPART and self.country == "VN":
            raise ValidationError({"country": _("A counterpart abroad needs its country.")})
        if self.pk and self.parent_id:
            node: Agency | None = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("An agency cannot sit under itself.")})
                node = node.parent

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(path__startswith=actor.agency.path)


class User(AbstractUser):
    """A staff member of one agency, or the account of a machine client."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="users"
    )
    roles = models.JSONField(_("roles"), default=list, blank=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        default="vi",
    )
    totp_secret = EncryptedTextField(blank=True, default="", editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Raised by "log out everywhere": sessions carry the epoch they were opened under.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # The time step of the last accepted TOTP code: a code is good once, never replayed.
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(default=False, editable=False)
    # Optimistic locking of what administrators edit (roles, status, names): an edit
    # names the version it read, so two administrators cannot undo each other's change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        unknown = [r for r in self.roles if r not in ROLES]
        if unknown:
            raise ValidationError({"roles": _("Unknown role: %s") % ", ".join(unknown)})

    @property
    def permissions(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        return permissions_for(self.roles)

    def has_ctip_perm(self, code: str) -> bool:
        return code in self.permissions

    @property
    def needs_second_factor(self) -> bool:
        return needs_second_factor(self.roles)

    @property
    def has_second_factor(self) -> bool:
        return self.totp_confirmed_at is not None

    def is_locked(self) -> bool:
        from ctip.core import lockout

        return lockout.account_locked(self.username)

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency__path__startswith=actor.agency.path)


class AttemptCounter(models.Model):
    """Sign-in attempts counted per account or address (``ctip.core.lockout``).

    Each attempt takes a slot under a row lock before the password or code is checked,
    so parallel requests cannot all pass a check that reads a count first.
    """

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class RecoveryCode(models.Model):
    """A one-time second-factor code; only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id} ({'used' if self.used_at else 'unused'})"

    @staticmethod
    def hash(code: str) -> str:
        return hashlib.sha256(code.replace("-", "").strip().upper().encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for a machine client: stored as a hash, shown once, scoped, expiring."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # A token whose scopes read personal data or intelligence works only once a second
    # administrator has approved it (``GrantRequest``).
    awaiting_approval = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None
            and not self.awaiting_approval
            and self.expires_at > timezone.now()
        )

    @staticmethod
    def hash_secret(secret: str) -> str:
        # The secret has 256 bits of entropy: a fast hash is enough and keeps auth cheap.
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(user__agency__path__startswith=actor.agency.path)


class GrantKind(models.TextChoices):
    ROLES = "roles", _("Roles of a staff account")
    TOKEN = "token", _("API token")
    SECOND_FACTOR = "second_factor", _("Reset of the second factor")


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a second administrator")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class GrantRequest(models.Model):
    """A change that would give guarded permissions (``roles.GUARDED_PERMISSIONS``):
    roles of an account, an API token's scopes, or the reset of the second factor of an
    account that holds them. It takes effect only when an
    administrator other than the one who asked (and other than the account's owner), of
    the account's agency or one above it, approves it."""

    kind = models.CharField(_("what"), max_length=20, choices=GrantKind.choices)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # The roles asked for (the whole list), and the roles the account had when asked: an
    # approval applies only if they are unchanged, so it never undoes a later change.
    roles = models.JSONField(default=list)
    base_roles = models.JSONField(default=list)
    token = models.ForeignKey(
        ApiToken, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"grant request #{self.pk}"

    @property
    def reference(self) -> str:
        return f"G-{self.pk:06d}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(user__agency__path__startswith=actor.agency.path)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One link of the append-only, hash-chained audit trail. Never plaintext personal data."""

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    agency_path = models.CharField(max_length=255, blank=True, db_index=True)
    event_type = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency_path__startswith=actor.agency.path)


class Notification(models.Model):
    """A notice in an agency's inbox (optionally for one of its staff).

    The subject is rendered when it is read, from a registered message code and its
    parameters (``ctip.core.notifications``), so each reader sees it in their own
    language. Parameters are references (a case reference, a request number), never
    personal data. Read once by anyone it is addressed to: an agency's inbox is shared
    like an office's mail tray.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Only staff holding this permission see it ("" for every member of the agency).
    permission = models.CharField(max_length=60, blank=True, default="")
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=80)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True, default="")
    # What the notice is about ("cases.decision:12"): handling it resolves the notice.
    key = models.CharField(max_length=80, blank=True, default="", db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        indexes = [
            models.Index(fields=["agency", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["agency", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"notification #{self.pk} ({self.message})"

    @property
    def subject(self) -> str:
        from ctip.core.notifications import render

        return render(self.message, self.params)

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return (
            Q(agency_id=actor.agency_id)
            & (Q(user__isnull=True) | Q(user_id=actor.pk))
            & (Q(permission="") | Q(permission__in=sorted(actor.permissions)))
        )


class Job(models.Model):
    """Long work (an import, a rebuild, an export) run by the task worker, not in a request.

    Whoever started it follows it on its page and downloads its result; nobody else
    sees it. The uploaded file and the result are encrypted like any personal field
    (a handover list names victims); the upload is dropped once the job has run.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=60)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)  # codes and dates, never personal
    upload = EncryptedTextField(blank=True)  # base64 of the uploaded file
    upload_name = models.CharField(max_length=255, blank=True)
    summary = EncryptedJSONField(null=True, blank=True)
    errors = EncryptedJSONField(null=True, blank=True)  # {field: [messages]}
    result = EncryptedTextField(blank=True)  # base64 of the file to download
    result_name = models.CharField(max_length=255, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_idx")]

    def __str__(self) -> str:
        return f"job #{self.pk} ({self.kind}, {self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        # Only its owner, and only while in the agency it was started for.
        return Q(owner_id=actor.pk, agency_id=actor.agency_id)
