"""Background work of the statistics app."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_aggregates() -> int:
    """Recount the precomputed monthly aggregates of recent months."""
    from ctip.stats import aggregates

    return aggregates.refresh()
