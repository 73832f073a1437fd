"""A worker told to stop (SIGTERM: a rollout, a scale-down) in the middle of a handler finishes it first,
Celery's warm shutdown, and the event is not applied again afterwards."""

import signal
import time

import pytest
from django.db import connection, transaction

from deliveries.models import Delivery
from eventbus.consumer import lag
from eventbus.models import StoredEvent
from eventbus.subscriptions import group_named
from tests.support.shop import order_body
from tests.support.stack import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.runtime, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def stack(stacks):
    # A handler may wait on a lock longer than the default 2 s here: the test holds the lock on purpose.
    return stacks(redis=True, DB_LOCK_TIMEOUT_MS="20000")


def lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh view of the activity, inside the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def test_a_worker_stopped_in_the_middle_of_a_handler_finishes_it_once(stack, shop, apples):
    customer = shop.token_of(shop.customer("alice"))
    seller = shop.token_of(shop.seller("seller"))
    stack.web()
    worker = stack.worker("first")
    _, order, _ = stack.post("/api/orders/", order_body((apples.pk, 1)), customer)
    wait_until(lambda: Delivery.objects.filter(order_id=order["id"]).exists(), timeout=60, message="delivery known")

    with transaction.atomic():
        with connection.cursor() as cursor:  # the handler stops at the delivery's update, mid-transaction
            cursor.execute(f"LOCK TABLE {Delivery._meta.db_table} IN SHARE MODE")  # (no transaction id taken)
        assert stack.post(f"/api/payments/{order['id']}/confirm/", token=seller)[0] == 200
        wait_until(lambda: lock_waiters() >= 1, timeout=60, message="the handler waits on the delivery")
        worker.signal_main(signal.SIGTERM)
        time.sleep(1)
        assert worker.alive(), "it waits for the handler under way"
    worker.popen.wait(timeout=30)

    assert worker.popen.returncode == 0, worker.log()[-3000:]
    assert Delivery.objects.get(order_id=order["id"]).status == "started"
    stack.worker("second")
    time.sleep(12)  # past the broker's visibility timeout (10 s): an unacknowledged task would come back now
    assert StoredEvent.objects.filter(event_type="DeliveryStarted").count() == 1
    assert lag(group_named("deliveries")).behind == 0, "its checkpoint moved with the delivery, in one commit"
