"""The scam-compound register: each compound once, as a place, referred to by number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ctip.core.fields import EncryptedJSONField, EncryptedTextField
from ctip.core.text import fold

if TYPE_CHECKING:
    from ctip.core.models import User


class CompoundStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RAIDED = "raided", _("Raided")
    CLOSED = "closed", pgettext_lazy("compound status", "Closed")


class Compound(models.Model):
    name = models.CharField(_("name"), max_length=200)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    country = models.CharField(_("country"), max_length=2)
    area = models.CharField(_("area"), max_length=120, blank=True, default="")
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Nicknames of the people who run it and the sources (a report, a partner's message,
    # an informant's account): encrypted, since either can point at a person.
    operator_aliases = EncryptedJSONField(_("operators' aliases"), default=list, blank=True)
    sources = EncryptedJSONField(_("sources"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CompoundStatus.choices, default=CompoundStatus.ACTIVE
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    # Every name and alias folded (no case, no diacritics), for search.
    search_text = models.TextField(editable=False, default="")
    owner = models.ForeignKey(
        "core.Agency", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        indexes = [models.Index(fields=["country", "status"], name="compound_country_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = "\n".join(fold(n) for n in [self.name, *(self.aliases or [])])
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        """Read from the owner's agency and those above it, or by an agency named exactly."""
        return Q(owner__path__startswith=actor.agency.path) | Q(
            pk__in=CompoundAccess.objects.filter(agency_id=actor.agency_id).values("compound_id")
        )


class CompoundStatusChange(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="history")
    old_status = models.CharField(max_length=10, choices=CompoundStatus.choices)
    new_status = models.CharField(max_length=10, choices=CompoundStatus.choices)
    on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), blank=True)
    by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("status change of a compound")

    def __str__(self) -> str:
        return f"{self.compound_id}: {self.old_status} -> {self.new_status}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(compound__in=Compound.objects.filter(Compound.scope_q(actor)))


class CompoundAccess(models.Model):
    """One exact agency that may read (and maybe edit) a compound it did not record."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="accesses")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    can_edit = models.BooleanField(_("may edit"), default=False)
    granted_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("access to a compound")
        constraints = [
            models.UniqueConstraint(fields=["compound", "agency"], name="compound_access_once")
        ]

    def __str__(self) -> str:
        return f"{self.compound_id} -> {self.agency_id}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(compound__owner__path__startswith=actor.agency.path) | Q(agency_id=actor.agency_id)
