"""IP addresses of the servers behind scam sites, apps and remote-control sessions."""

from __future__ import annotations

import ipaddress
import re

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator, clean

# "103.45.67[.]89" and "103[.]45[.]67[.]89": defanged as warnings and threat feeds write them.
_DEFANGED = re.compile(r"\[\.\]|\(\.\)|\[dot\]|\(dot\)", re.IGNORECASE)
# "103.45.67.89:8443" and "[2001:db8::1]:443": a port says which service, not which machine.
_V4_PORT = re.compile(r"(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}")
_V6_PORT = re.compile(r"\[([0-9a-fA-F:.]+)\](?::\d{1,5})?")
# Addresses every home, office or carrier network reuses. (The documentation ranges,
# 192.0.2.0/24 and the like, are kept: examples and exercises use them.)
_SHARED_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/3",
        "::/127",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    )
)


def normalise_ip(value: str) -> Indicator:
    """Key a public IPv4 or IPv6 address in its canonical (compressed) form.

    Private, carrier-shared, loopback, link-local and multicast addresses are refused:
    every home router answers on 192.168.1.1, so such an address would tie unrelated
    reports together.
    """
    text = clean(value)
    compact = _DEFANGED.sub(".", text).replace(" ", "")
    if not compact:
        raise InvalidIndicator(Label("Enter an IP address."))
    for pattern in (_V4_PORT, _V6_PORT):
        found = pattern.fullmatch(compact)
        if found:
            compact = found.group(1)
    try:
        address = ipaddress.ip_address(compact)
    except ValueError as exc:
        raise InvalidIndicator(
            Label("“{value}” is not an IPv4 or IPv6 address.", value=text)
        ) from exc
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in _SHARED_NETWORKS):
        raise InvalidIndicator(
            Label(
                "“{value}” is a private or local address: it names no server on the internet.",
                value=text,
            )
        )
    key = address.compressed
    return Indicator(kind="ip", key=key, display=key)
