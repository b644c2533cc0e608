"""Who asked, under which request id, and how it went: the client address behind the
reverse proxy, a request id in every log line, one access line a request, and the
request metrics.

Logs carry no personal data: the access line names the method, the path without its
query string (a lookup's phone number or a search's name travel there), the route, the
status and the time taken, and the client's address, which the security log needs to
trace an attack. Nothing a user typed is logged.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ctip.core import metrics
from ctip.core.logs import request_id

access_log = logging.getLogger("ctip.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9_.-]{8,64}$")


def networks(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    parts = (p.strip() for p in spec.split(","))
    return tuple(ipaddress.ip_network(p, strict=False) for p in parts if p)


def address_in(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


class ClientAddressMiddleware:
    """Outermost. Behind the reverse proxy every connection comes from the proxy: the
    client's address is the last one in X-Forwarded-For, which the proxy sets, but only
    when the connection itself comes from a trusted proxy (``CTIP_TRUSTED_PROXIES``);
    anyone else's X-Forwarded-For is ignored, so a client cannot pick its own address.
    Gives each request an id (the proxy's X-Request-ID when a trusted proxy sent a
    well-formed one), logs one access line and counts the request for /metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.proxies = networks(settings.CTIP_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        meta = request.META
        peer = str(meta.get("REMOTE_ADDR", ""))
        rid = ""
        if address_in(peer, self.proxies):
            forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            if forwarded[-1]:
                meta["REMOTE_ADDR"] = forwarded[-1]
            sent = meta.get("HTTP_X_REQUEST_ID", "")
            rid = sent if REQUEST_ID.match(sent) else ""
        rid = rid or uuid.uuid4().hex
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            seconds = time.perf_counter() - started
            match = request.resolver_match
            route = match.view_name if match else ""
            metrics.observe_request(request.method or "", route, response.status_code, seconds)
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "route": route,
                    "status": response.status_code,
                    "ms": round(seconds * 1000, 1),
                    "client": meta.get("REMOTE_ADDR", ""),
                },
            )
            return response
        finally:
            request_id.reset(token)
