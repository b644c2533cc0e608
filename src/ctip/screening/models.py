"""The screening app's one record: a check a person chose to keep, de-identified."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ctip.core.models import User


class Category(models.TextChoices):
    TRAFFICKING_LURE = "trafficking_lure", _("Lure into a scam compound")
    JOB_SCAM = "job_scam", _("Job scam")
    LEGITIMATE = "legitimate", _("No strong warning signs")


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
    OTHER = "other", _("Other")


class PayBand(models.TextChoices):
    """The highest pay the post promises, per month in US dollars."""

    NONE = "none", _("No pay stated")
    UNDER_500 = "under_500", _("Under 500 USD")
    FROM_500 = "500_1000", _("500–999 USD")
    FROM_1000 = "1000_2000", _("1,000–1,999 USD")
    FROM_2000 = "2000_plus", _("2,000 USD or more")


class Source(models.TextChoices):
    PAGE = "page", _("Public page")
    API = "api", _("API")


class SavedCheck(models.Model):
    """One opt-in check, kept for statistics without anything that points to a person.

    Built only from the verdict and from coarse facts about the post: never the text,
    phones, handles, URLs or names, and the day rather than the time.
    """

    created = models.DateField(_("day"), default=timezone.localdate, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # The risk in tenths (0 means 0.0–0.09, 9 means 0.9–1.0): enough for statistics,
    # too coarse to single out one post by its exact score.
    risk_bucket = models.PositiveSmallIntegerField(_("risk (tenths)"))
    flag_codes = models.JSONField(_("warning signs"), default=list, blank=True)
    destination_countries = models.JSONField(_("destination countries"), default=list, blank=True)
    pay_band = models.CharField(_("pay band"), max_length=10, choices=PayBand.choices)
    # The province the person chose to give, never inferred (not from the address): lets
    # lures and campaign outcomes be compared by province. Optional.
    province = models.ForeignKey(
        "core.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("saved check")
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_bucket__lte=9), name="savedcheck_risk_bucket_0_to_9"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created} {self.category} {self.level}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        # Saved checks belong to no agency and hold nothing about a person: every
        # holder of screening.view_checks sees all of them (the permission is the gate).
        return Q()


class UnmatchedPhrase(models.Model):
    """How many kept checks of a day, that showed no warning sign, held a word sequence.

    Tied to no check: a sequence is counted once per check, and the day's count is all
    that is kept. Staff see a sequence only once enough distinct checks held it
    (``selectors.unmatched_phrases``), so no one's own text is shown.
    """

    phrase = models.CharField(_("word sequence"), max_length=200)
    day = models.DateField(_("day"), default=timezone.localdate, db_index=True)
    checks = models.PositiveIntegerField(_("checks"), default=0)

    class Meta:
        verbose_name = _("word sequence of unmatched checks")
        constraints = [
            models.UniqueConstraint(fields=["phrase", "day"], name="unmatchedphrase_phrase_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.phrase}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        # Like saved checks: no agency, nothing about a person; the permission is the gate.
        return Q()
