"""The endpoints of the machines around the app, not of people: ``/healthz`` and ``/readyz`` for a
load balancer, ``/metrics`` for Prometheus.

They are answered by :class:`OperationsMiddleware`, first in the chain: before the host check
(a load balancer probes by address, not by name), the HTTPS redirect (probes speak plain HTTP to
the web host), sessions, the page cache and the login lockout. None is ever cached.
"""

import hmac
import ipaddress
import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from contest.core import metrics
from contest.core.http import client_ip
from contest.core.services import health


def _json(payload: dict, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(payload), status=status, content_type="application/json")
    add_never_cache_headers(response)
    return response


def healthz(request) -> HttpResponse:
    """Alive: the process answers. Touches nothing else (a database outage must not make the load
    balancer restart every web process; /readyz takes the host out of rotation instead)."""
    return _json({"status": "ok"}, 200)


def readyz(request) -> HttpResponse:
    """Ready to serve: database, cache and file storage answer; the worker's heartbeat is reported
    (and required only with READYZ_WORKER_REQUIRED). Names and "ok"/"failed" only."""
    state = health.readiness()
    return _json({"status": "ok" if state.ready else "failed", "checks": state.checks}, 200 if state.ready else 503)


def _metrics_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    networks = (ipaddress.ip_network(item, strict=False) for item in settings.METRICS_ALLOWED_IPS)
    return any(address in network for network in networks)


def metrics_view(request) -> HttpResponse:
    """Prometheus' text format, for the allow-listed addresses (METRICS_ALLOWED_IPS) or a bearer
    token (METRICS_TOKEN); anyone else gets a bare 404, as if there were nothing here."""
    if not _metrics_allowed(request):
        response = HttpResponse(status=404)
        add_never_cache_headers(response)
        return response
    body, content_type = metrics.exposition()
    response = HttpResponse(body, content_type=content_type)
    add_never_cache_headers(response)
    return response


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}


class OperationsMiddleware:
    """Answers ``ENDPOINTS`` before any other middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = ENDPOINTS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
