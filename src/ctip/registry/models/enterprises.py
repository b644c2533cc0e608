"""The register of licensed recruitment enterprises (Law 69/2020/QH14).

Who sees what (``scope_q``): an enterprise is kept by one agency (the labour authority
that entered it); its staff pages, history and imports are seen by that agency and the
agencies above it. What the authority publishes (name, licence, status, markets, fee
caps) anyone reads through the public lookup, which shows no staff and no history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ctip.core.models import User


class Status(models.TextChoices):
    ACTIVE = "active", _("Licensed")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class Enterprise(models.Model):
    """An enterprise licensed to send workers abroad on contract."""

    # The agency that keeps this entry of the register.
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    licence_number = models.CharField(_("licence number"), max_length=40, unique=True)
    # "123/LDTBXH": what every spelling of the licence number shares.
    licence_key = models.CharField(max_length=40, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=300)
    # The name folded, without its legal form ("dich vu quoc te abc").
    name_key = models.CharField(max_length=300, db_index=True, editable=False)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, db_index=True)
    issued_on = models.DateField(_("licence issued on"), null=True, blank=True)
    expires_on = models.DateField(_("licence expires on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    status_decision = models.CharField(_("decision"), max_length=100, blank=True)
    status_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    markets = models.JSONField(_("markets"), default=list, blank=True)  # ISO country codes
    jobs = models.JSONField(_("jobs"), default=list, blank=True)
    branches = models.JSONField(_("branches"), default=list, blank=True)
    deposit_vnd = models.PositiveBigIntegerField(_("deposit (VND)"), null=True, blank=True)
    # Published with the licence: public data, not a person's record.
    legal_representative = models.CharField(_("legal representative"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True)  # E.164
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_key"]
        verbose_name = _("licensed enterprise")

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_number})"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return kept_by(actor, "agency")


def kept_by(actor: User, field: str) -> Q:
    """Rows whose ``field`` agency is the actor's own or one under it."""
    if not actor.agency_id:
        return Q(pk=None)
    return Q(**{f"{field}__path__startswith": actor.agency.path})


class EnterprisePhone(models.Model):
    """One phone of an enterprise, for the lookup by phone (an indexed exact match)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    e164 = models.CharField(max_length=20, db_index=True)

    def __str__(self) -> str:
        return self.e164

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return kept_by(actor, "enterprise__agency")


class EnterpriseImport(models.Model):
    """One import of the list the labour authority publishes."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    # [[row, [messages]]] for each refused row: licence numbers and field names only.
    errors = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return kept_by(actor, "agency")


class ChangeKind(models.TextChoices):
    CREATED = "created", _("Entered in the register")
    UPDATED = "updated", _("Details changed")
    STATUS = "status", _("Status changed")


class EnterpriseChange(models.Model):
    """One change of an enterprise: the register keeps every past state."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    # {field: [before, after]} of the published fields that changed.
    fields = models.JSONField(default=dict)
    source = models.ForeignKey(
        EnterpriseImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.kind} {self.at:%Y-%m-%d}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return kept_by(actor, "enterprise__agency")
