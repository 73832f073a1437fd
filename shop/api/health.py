"""Liveness and readiness for whatever runs the processes (a load balancer, systemd, Kubernetes)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

PROBE_TIMEOUTS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}


@require_GET
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database_state() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return "migrations pending"
    except Exception:  # any failure to answer means "not ready"; the reason is for the logs, not the body
        connection.close_if_unusable_or_obsolete()
        return "unavailable"
    return "ok"


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


@require_GET
@never_cache
def readyz(request):
    database = _database_state()
    body = {"status": "ok" if database == "ok" else "unavailable", "database": database, "broker": _broker_state()}
    return JsonResponse(body, status=200 if database == "ok" else 503)
