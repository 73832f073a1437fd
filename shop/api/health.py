"""Liveness and readiness for whatever runs the processes (a load balancer, Docker, Kubernetes).

The probes are answered by `HealthProbeMiddleware`, first in MIDDLEWARE, before anything that reads the Host
header (kubelet sends the pod's IP, which no real ALLOWED_HOSTS lists), redirects to HTTPS, or opens a
session. Each costs almost nothing: liveness touches nothing; readiness one query, and one for each report
that an app adds to its body (report_in_readiness).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PROBE_TIMEOUTS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}

# Figures that the apps add to the readiness body, never to its status (orders stuck in the saga, say): a
# process is ready to take traffic whatever they are, but whoever looks at /readyz sees them.
_REPORTS: dict[str, Callable[[], object]] = {}


def report_in_readiness(name: str, report: Callable[[], object]) -> None:
    _REPORTS[name] = report


def healthz(request) -> JsonResponse:
    """200 while the process can answer. Never asks the database or the broker: an outage of either must
    not make the orchestrator kill healthy processes."""
    return JsonResponse({"status": "ok"})


@functools.cache
def _migrations_of_this_release() -> frozenset[tuple[str, str]]:
    """Every migration the code ships. The graph only changes with the code, so it is built once."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _database_state() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    recorder = MigrationRecorder(connection)
    try:
        applied = set(recorder.migration_qs.values_list("app", "name"))
    except DatabaseError:  # any failure to answer means "not ready"; the reason is for the logs
        connection.close_if_unusable_or_obsolete()
        try:
            never_migrated = not recorder.has_table()  # the database answers, but has no migrations at all
        except DatabaseError:
            never_migrated = False
        if never_migrated:
            return "migrations pending"
        logger.warning("readiness: the database does not answer", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return "unavailable"
    return "migrations pending" if _migrations_of_this_release() - applied else "ok"


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "not used (events are handled in-process)"
    from shop.celery import app

    try:
        # Through Celery's own transport, as publishing goes: a ping on a plain Redis client would say "ok"
        # while the transport itself cannot load. Short timeouts: a probe must answer within a second even
        # when the broker accepts connections and then says nothing.
        with app.connection_for_write(url=settings.REDIS_URL, transport_options=PROBE_TIMEOUTS) as connection:
            connection.ensure_connection(max_retries=0)
    except Exception as error:
        logger.info("broker not ready: %s: %s", type(error).__name__, error)
        return "unavailable (orders are still accepted; the relay delivers their events later)"
    return "ok"


def readyz(request) -> JsonResponse:
    """200 when the database answers and every migration of this release is applied, so a new process takes
    no traffic before the migration job has run; 503 otherwise. The broker is reported, never required:
    orders are accepted through the outbox while it is down."""
    database = _database_state()
    body = {"status": "ok" if database == "ok" else "unavailable", "database": database, "broker": _broker_state()}
    for name, report in _REPORTS.items() if database == "ok" else ():
        try:
            body[name] = report()
        except DatabaseError:
            logger.warning("readiness: %s could not be counted", name, exc_info=True)
    return JsonResponse(body, status=200 if database == "ok" else 503)


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        response = probe(request)
        add_never_cache_headers(response)
        return response
