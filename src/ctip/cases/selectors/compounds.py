"""What of the cases refers to a compound of the register, for the compound's page.

The register sits below cases and never imports it: this provider is registered through
``compounds.ports.register_links``. A reader who may read cases sees the references of
the cases in their scope; every reader sees only how many cases in all refer to the
compound, never a reference, a name or an agency of a case out of their scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ctip.cases.models import Case
from ctip.compounds.ports import LinkedItem, LinkGroup, register_links
from ctip.core.models import User
from ctip.core.scope import visible

MAX_ITEMS = 50


class _CaseLinks:
    def linked(self, actor: User, compound_id: int) -> LinkGroup | None:
        total = Case.objects.filter(linked_compound_id=compound_id).count()
        if not total:
            return None
        items: tuple[LinkedItem, ...] = ()
        if actor.has_ctip_perm("cases.view_case"):
            items = tuple(
                LinkedItem(Case(pk=pk).reference, reverse("cases:detail", args=[pk]))
                for pk in visible(Case.objects.all(), actor, "cases.view_case")
                .filter(linked_compound_id=compound_id)
                .order_by("-pk")
                .values_list("pk", flat=True)[:MAX_ITEMS]
            )
        return LinkGroup(_("Cases"), total, items)


def register_compound_links() -> None:
    register_links("cases", _CaseLinks())
