"""The long-running processes outlive passing faults and stop promptly when asked: the relay, run from its
Procfile line, through a table lock and a terminated database connection, and on SIGTERM."""

import signal
import time

import pytest
from django.db import connection, transaction

from eventbus.models import StoredEvent
from payments.models import Payment
from tests.support.shop import place
from tests.support.stack import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.runtime, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(stacks):
    return stacks(DB_LOCK_TIMEOUT_MS="300")


@pytest.fixture
def held_back(settings):
    """Orders placed by the test leave their events to the relay."""
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"


def relays(order: dict) -> bool:
    return Payment.objects.filter(order_id=order["id"]).exists()


def backends_of_others() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def test_the_relay_outlives_a_table_lock_and_a_terminated_connection(stack, as_alice, apples, held_back):
    relay = stack.relay("--interval", "0.2", "--dispatch-after", "0")
    first = place(as_alice, (apples.pk, 1))
    wait_until(lambda: relays(first), timeout=30, message="the relay delivers the first order's events")

    with transaction.atomic():  # a stuck migration: the relay's passes time out on the lock, again and again
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {StoredEvent._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        time.sleep(2)
    assert relay.alive(), relay.log()[-3000:]
    assert "LockNotAvailable" in relay.log()
    second = place(as_alice, (apples.pk, 1))
    wait_until(lambda: relays(second), timeout=30, message="the relay carries on once the lock is gone")

    with connection.cursor() as cursor:  # an administrator, or a database restart, ends its session
        for pid in backends_of_others():
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    third = place(as_alice, (apples.pk, 1))
    wait_until(lambda: relays(third), timeout=30, message="the relay reconnects and carries on")
    assert relay.alive()


def test_the_relay_stops_promptly_on_sigterm(stack):
    relay = stack.relay("--interval", "5")
    wait_until(lambda: backends_of_others(), timeout=30, message="the relay has made its first pass")

    started = time.monotonic()
    relay.signal(signal.SIGTERM)
    relay.popen.wait(timeout=10)

    assert relay.popen.returncode == 0, relay.log()[-3000:]
    assert time.monotonic() - started < 3, "it does not wait out its pause, nor the kill timeout"


def test_the_web_answers_at_once_after_the_database_dropped_its_connections(stack, apples):
    """A database restart (or an administrator) ends every session: each kept connection is checked before
    a request uses it (CONN_HEALTH_CHECKS), so no request gets the dead one."""
    stack.web()
    for _ in range(16):  # every worker holds a kept connection now
        assert stack.get("/api/products/")[0] == 200

    with connection.cursor() as cursor:
        for pid in backends_of_others():
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

    assert [stack.get("/api/products/")[0] for _ in range(16)] == [200] * 16
