"""Background work of the statistics app."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_aggregates(months: int = 3) -> int:
    """Recount the precomputed monthly aggregates of recent months (``ctip stats
    refresh``, every night from ``deploy/systemd/ctip-stats-refresh.timer``)."""
    from ctip.stats import aggregates

    return aggregates.refresh(months)
