import os
import socket
import time

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from tests.support.stack import redis_answers

REDIS = "redis://127.0.0.1:6379/15"


pytestmark = pytest.mark.django_db


def test_liveness_answers_while_the_process_runs():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_probes_answer_whatever_the_host_over_plain_http(settings):
    """Kubelet sends the pod's IP as the Host, which no real ALLOWED_HOSTS lists."""
    settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT = ["shop.example.com"], True

    for path in ("/healthz", "/readyz"):
        assert Client().get(path, HTTP_HOST="10.244.1.17:8000").status_code == 200, path
    assert Client().get("/api/products/", HTTP_HOST="10.244.1.17:8000").status_code == 400, "the rest is checked"


def test_liveness_asks_nothing_and_readiness_two_queries(django_assert_num_queries):
    Client().get("/readyz")  # the migration graph of this release is built on the first probe only

    with django_assert_num_queries(0):
        assert Client().get("/healthz").status_code == 200
    with django_assert_num_queries(2):  # the migrations applied, and the orders stuck in the saga
        assert Client().get("/readyz").status_code == 200


def test_readiness_follows_the_database_and_reports_the_broker():
    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert "broker" in response.json()


def test_readiness_is_503_while_migrations_are_pending():
    MigrationRecorder(connection).migration_qs.filter(app="scheduler").delete()  # as before the migrate job ran

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["database"] == "migrations pending"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readiness_is_503_while_the_database_does_not_answer():
    """A database that refuses connections: the real failure, not a mock."""
    real = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = Client().get("/readyz")
        alive = Client().get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.update(real)

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert alive.status_code == 200
    assert Client().get("/readyz").status_code == 200, "ready again by itself once the database answers"


def test_the_api_docs_and_the_admin_bring_their_own_assets_without_debug(settings):
    assert not settings.DEBUG
    docs = Client().get("/api/docs/").content.decode()

    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs
    for asset in (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/admin/css/base.css",
    ):
        response = Client().get(asset)
        assert response.status_code == 200, asset


@pytest.fixture
def silent_broker():
    """A port that accepts connections and never answers: a broker that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


@pytest.mark.parametrize("broker", ["answers", "refuses", "hangs"])
def test_readiness_reports_the_broker_quickly_and_stays_ready_without_it(settings, silent_broker, broker):
    if broker == "answers" and not redis_answers(REDIS):
        pytest.fail("Redis at 127.0.0.1:6379 is needed") if os.environ.get("CI") else pytest.skip("no Redis")
    settings.REDIS_URL = {"answers": REDIS, "refuses": "redis://127.0.0.1:1/0", "hangs": silent_broker}[broker]

    started = time.monotonic()
    response = Client().get("/readyz")

    assert time.monotonic() - started < 1.5
    assert response.status_code == 200, "orders are still accepted through the outbox"
    assert response.json()["broker"].startswith("ok" if broker == "answers" else "unavailable")
