"""Prometheus metrics: django-prometheus' request counts and latencies (its two middlewares,
config/settings/base.py) and, read from the database at each scrape, the job queue.

Under gunicorn with several worker processes each keeps its own counters; with
``PROMETHEUS_MULTIPROC_DIR`` set (docs/operations.md), prometheus_client writes them to files there
and a scrape adds up every process's. The queue figures come from the shared database, so any web
host gives the same answer.
"""

import os

import prometheus_client
from prometheus_client import multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from contest.core.services.health import queue_state


class JobQueueCollector:
    """The worker's queue (django-tasks' database backend) as gauges, read at scrape time."""

    def collect(self):
        state = queue_state()
        yield GaugeMetricFamily("dvk_jobs_waiting", "Jobs due and waiting for a worker.", value=state.waiting)
        yield GaugeMetricFamily(
            "dvk_jobs_oldest_waiting_seconds",
            "Age of the oldest job due and waiting (0 when none waits).",
            value=state.oldest_waiting_seconds,
        )
        yield GaugeMetricFamily("dvk_jobs_running", "Jobs a worker is running.", value=state.running)
        yield CounterMetricFamily("dvk_jobs_failed", "Jobs that ended failed (kept rows).", value=state.failed_total)
        yield GaugeMetricFamily(
            "dvk_jobs_failed_last_day", "Jobs that failed in the last 24 hours.", value=state.failed_last_day
        )
        yield GaugeMetricFamily(
            "dvk_workers_alive", "Workers whose heartbeat is younger than the lease.", value=state.workers_alive
        )


def exposition() -> tuple[bytes, str]:
    """The text a scrape gets, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.CollectorRegistry()
        # This process's own metrics (django-prometheus' and the interpreter's), without
        # registering the queue collector on the global registry a second time per scrape.
        registry.register(_GlobalMetrics())
    registry.register(JobQueueCollector())
    return prometheus_client.generate_latest(registry), prometheus_client.CONTENT_TYPE_LATEST


class _GlobalMetrics:
    def collect(self):
        yield from prometheus_client.REGISTRY.collect()
