"""Prometheus metrics at /metrics: requests, latency, the task queue, failed sign-ins.

Counters live in each server process. With several worker processes, set
``PROMETHEUS_MULTIPROC_DIR`` to an empty folder the processes share (the systemd unit
in deploy/ does): each process writes its counts there and /metrics adds them up. The
task queue is read from the database at each scrape, so it is the same whichever
process answers.

/metrics shows no personal data but tells an attacker how the service is used: it
answers only a request bearing ``CTIP_METRICS_TOKEN`` (``Authorization: Bearer``) or
coming from an address in ``CTIP_METRICS_ALLOWED`` (default: this machine only), and
404 to anyone else.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Count
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "ctip_http_requests", "HTTP requests answered, by method and status.", ["method", "status"]
)
LATENCY = Histogram(
    "ctip_http_request_duration_seconds",
    "Time from the request reaching CTIP to its response, by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
FAILED_LOGINS = Counter("ctip_failed_logins", "Sign-ins refused for a wrong name or password.")
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method if method in METHODS else "other", str(status)).inc()
    # Unmatched paths share one label, so scanners cannot grow the series without bound.
    LATENCY.labels(route or "unmatched").observe(seconds)


@receiver(user_login_failed)
def _count_failed_login(**_: Any) -> None:
    FAILED_LOGINS.inc()


class TaskQueueCollector(Collector):
    """Background tasks by state, read from the task table at each scrape."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        yield self._gauge()

    def _gauge(self) -> GaugeMetricFamily:
        return GaugeMetricFamily("ctip_tasks", "Background tasks by state.", labels=["state"])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django_tasks_db.models import DBTaskResult

        gauge = self._gauge()
        counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
        for state in ("READY", "RUNNING", "FAILED", "SUCCESSFUL"):
            gauge.add_metric([state.lower()], counts.get(state, 0))
        yield gauge


TASKS = TaskQueueCollector()
REGISTRY.register(TASKS)


def registry() -> CollectorRegistry:
    """This process's metrics, or every worker's added up in the multi-process mode."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    shared = CollectorRegistry()
    multiprocess.MultiProcessCollector(shared)
    shared.register(TASKS)
    return shared


def allowed(request: HttpRequest) -> bool:
    from ctip.core.requestlog import address_in, networks

    token = settings.CTIP_METRICS_TOKEN
    sent = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    return address_in(
        str(request.META.get("REMOTE_ADDR", "")), networks(settings.CTIP_METRICS_ALLOWED)
    )


def metrics_response(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
