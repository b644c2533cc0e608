"""The Atom feed of published warnings (Django's syndication framework)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ctip.core.access import public
from ctip.core.throttle import rate_limited
from ctip.outreach import selectors
from ctip.outreach.selectors import PublicWarningView


class WarningsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("CTIP warnings: human trafficking and scams")

    def subtitle(self) -> str:
        return _("Warnings published by the police: new lures, numbers verified as scams, advice.")

    def link(self) -> str:
        return reverse("outreach:public_warnings")

    def items(self) -> tuple[PublicWarningView, ...]:
        return selectors.published_warnings(limit=30)

    def item_title(self, item: PublicWarningView) -> str:
        return item.title

    def item_description(self, item: PublicWarningView) -> str:
        return item.body

    def item_link(self, item: PublicWarningView) -> str:
        return reverse("outreach:public_warning", args=[item.id])

    def item_pubdate(self, item: PublicWarningView) -> datetime:
        return item.published_at

    def item_updateddate(self, item: PublicWarningView) -> datetime:
        return item.published_at

    def item_author_name(self, item: PublicWarningView) -> str:
        return item.agency

    def item_categories(self, item: PublicWarningView) -> list[str]:
        return [item.kind_label]


_feed = WarningsFeed()


@public
@rate_limited("outreach-warnings", lambda: 120, methods=("GET",))
def warnings_feed(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return _feed(request, *args, **kwargs)
