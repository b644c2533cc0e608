"""Web addresses keyed on their registrable domain, with shared platforms kept apart."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qsl, urlencode

from publicsuffixlist import PublicSuffixList

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator
from .ips import normalise_ip
from .social import from_web_address
from .weburl import WebAddress, split_url, unicode_host

# The list ships inside the package; it is never fetched at run time.
_PSL = PublicSuffixList()
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.")
# On shared platforms the path says which page; these parameters say which one too.
_KEPT_PARAMS = frozenset({"v", "id", "list", "p"})


def _load_shared() -> tuple[frozenset[str], frozenset[str]]:
    lines = resources.files(__package__).joinpath("data/shared_platforms.txt").read_text()
    domains, user_subdomains = set(), set()
    for line in lines.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("*."):
            user_subdomains.add(entry[2:])
        else:
            domains.add(entry)
    return frozenset(domains | user_subdomains), frozenset(user_subdomains)


SHARED_PLATFORMS, USER_SUBDOMAIN_PLATFORMS = _load_shared()


def _parents(host: str) -> list[str]:
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def shared_platform(host: str) -> str | None:
    """The shared platform ``host`` belongs to, if any."""
    return next((p for p in _parents(host) if p in SHARED_PLATFORMS), None)


def registrable_domain(host: str) -> str:
    """The public suffix plus one label (``a.b.example.com.vn`` -> ``example.com.vn``)."""
    domain = _PSL.privatesuffix(host)
    if domain is None:
        raise InvalidIndicator(
            Label("“{value}” is a public suffix, not a website.", value=unicode_host(host))
        )
    return domain


def _display_host(host: str) -> str:
    shown = unicode_host(host)
    # Show the A-label next to a Unicode name so a homoglyph cannot pass for the original.
    return shown if shown == host else f"{shown} ({host})"


def _strip_prefixes(host: str) -> str:
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and shared_platform(host[len(prefix) :]):
            return host[len(prefix) :]
    return host


def _shared_indicator(address: WebAddress, platform: str) -> Indicator:
    host = _strip_prefixes(address.host)
    params = sorted((k, v) for k, v in parse_qsl(address.query) if k in _KEPT_PARAMS)
    page = address.path + ("?" + urlencode(params) if params else "")
    own_site = platform in USER_SUBDOMAIN_PLATFORMS and host != platform
    if not page and not own_site:
        # A bare facebook.com or bit.ly names no one: kept for display, never linking.
        return Indicator(kind="url", key=host, display=_display_host(host), links=False)
    return Indicator(kind="url", key=host + page, display=_display_host(host) + page)


@lru_cache(maxsize=65536)
def normalise_url(value: str) -> Indicator:
    """Key a web address on its registrable domain; profile links become social accounts.

    Addresses on shared platforms are keyed on host and path, and link reports only when
    they name a page, never by the platform's domain. A link to a bare IP address is the
    ``ip`` indicator of that address.
    """
    address = split_url(value)
    if address.is_ip:
        return normalise_ip(address.host)
    account = from_web_address(address)
    if account is not None:
        return account
    platform = shared_platform(address.host)
    if platform is not None:
        return _shared_indicator(address, platform)
    domain = registrable_domain(address.host)
    return Indicator(kind="url", key=domain, display=_display_host(domain))
