"""What the register asks of the apps above it, without importing them.

A compound's page lists what refers to it: verifications and handovers (cooperation),
cases, tracing requests (hotline), networks (intel). Each of those apps registers a
:class:`LinkProvider` in its ``AppConfig.ready()``; the page asks each one, for the
reader, and shows only what that reader may open. Providers return counts and links,
never identities of persons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ctip.core.models import User


@dataclass(frozen=True)
class LinkedItem:
    label: str  # a reference ("HO-2026-0003"), never a person's name
    url: str


@dataclass(frozen=True)
class LinkGroup:
    title: str  # what kind of record, in the reader's language
    count: int  # how many the reader may see
    items: tuple[LinkedItem, ...] = ()


class LinkProvider(Protocol):
    def linked(self, actor: User, compound_id: int) -> LinkGroup | None:
        """What of the provider's records, visible to ``actor``, refers to the compound
        (``None`` when the actor may read none of them)."""
        ...


_PROVIDERS: dict[str, LinkProvider] = {}


def register_links(name: str, provider: LinkProvider) -> None:
    """Register (or replace) the provider an app gives under ``name``."""
    _PROVIDERS[name] = provider


def link_providers() -> list[LinkProvider]:
    return [_PROVIDERS[name] for name in sorted(_PROVIDERS)]
