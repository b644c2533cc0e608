"""Every view declares who may reach it; the AccessMiddleware refuses undeclared views.

``@requires("core.manage_users")`` for pages and API operations that need a permission,
``@signed_in`` for pages any signed-in staff member may use, ``@public`` for the few
pages anyone may use. The declaration is stored on the view so that the permission
matrix test can walk every URL and check it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ctip.core.roles import PERMISSIONS

F = TypeVar("F", bound=Callable[..., Any])
ATTR = "ctip_access"


@dataclass(frozen=True)
class Access:
    kind: str  # "public", "signed_in" or "permission"
    permission: str | None = None
    # Pages a half-signed-in user (second factor pending) may reach.
    before_second_factor: bool = False


def _mark(access: Access) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        setattr(view, ATTR, access)
        return view

    return decorate


def public(view: F) -> F:
    return _mark(Access("public"))(view)


def signed_in(view: F | None = None, *, before_second_factor: bool = False) -> Any:
    marker = _mark(Access("signed_in", before_second_factor=before_second_factor))
    return marker(view) if view is not None else marker


def requires(permission: str) -> Callable[[F], F]:
    if permission not in PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}")
    return _mark(Access("permission", permission))


def access_of(view: Any) -> Access | None:
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "__wrapped__", None)):
        if candidate is not None and hasattr(candidate, ATTR):
            return getattr(candidate, ATTR)
    return None
