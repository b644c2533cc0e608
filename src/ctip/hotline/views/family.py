"""The family's page: the status of a request, by its reference and secret, without an
account."""

from __future__ import annotations

from ctip.core.follow_views import follow_page
from ctip.hotline import selectors
from ctip.hotline.forms import FollowForm

family_follow = follow_page(
    scope="hotline-follow",
    template="hotline/follow.html",
    form_class=FollowForm,
    lookup=selectors.family_status,
)
