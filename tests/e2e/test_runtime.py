"""Nothing lost, nothing twice: the production runtime with real PostgreSQL, Redis, gunicorn and Celery
worker processes that the tests start, stop and kill. No eager mode anywhere."""

from __future__ import annotations

import shutil
import time

import pytest
from django.db import connection, transaction

from deliveries.models import Delivery
from eventbus.consumer import lag
from eventbus.models import Checkpoint, DeadLetter, StoredEvent
from eventbus.subscriptions import groups
from orders.models import Order
from orderview.models import OrderStatusView
from payments.models import Payment
from products.models import Product, StockMovement
from tests.support.shop import Post, the_whole_story
from tests.support.stack import Process, Stack, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.runtime,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


@pytest.fixture
def stack(stacks):
    """The Procfile's processes on the test database, with a redis-server of the test's own (started)."""
    return stacks(redis=True)


@pytest.fixture
def redis(stack):
    return stack.redis


def quick_relay(stack: Stack) -> Process:
    """The relay, with its passes and delays shortened so that the tests need not wait for them."""
    return stack.relay("--interval", "0.5", "--dispatch-after", "1")


@pytest.fixture
def customer_token(shop) -> str:
    return shop.token_of(shop.customer("alice"))


@pytest.fixture
def seller_token(shop) -> str:
    return shop.token_of(shop.seller("seller"))


def order(product_id: int, quantity: int = 1) -> dict:
    return {"items": [{"product_id": product_id, "quantity": quantity}], "shipping_address": "서울시 중구 세종대로 110"}


def over_http(stack: Stack, token: str) -> Post:
    """A user's door to the running stack, for the story of tests/support/shop.py."""
    return lambda path, body: stack.post(path, body, token=token)[:2]


def every_group_caught_up() -> bool:
    return all(lag(group).behind == 0 for group in groups())


def read_model_has(count: int, status: str) -> bool:
    return OrderStatusView.objects.filter(status=status).count() == count


def test_orders_placed_while_no_worker_runs_are_all_handled_once_workers_start(stack, shop, customer_token):
    stack.web()
    apples = shop.product(stock=1000)

    statuses = [stack.post("/api/orders/", order(apples.pk), customer_token)[0] for _ in range(50)]

    assert statuses == [201] * 50
    assert not Payment.objects.exists(), "no worker has run yet"
    stack.worker()
    wait_until(lambda: read_model_has(50, "awaiting_deposit"), timeout=90, message="50 orders awaiting deposit")
    wait_until(every_group_caught_up, timeout=60, message="every group has applied every event")
    assert Payment.objects.filter(status="pending").count() == 50
    assert Order.objects.filter(status="awaiting_deposit").count() == 50


def test_orders_are_accepted_while_redis_is_down_and_delivered_when_it_is_back(stack, redis, shop, customer_token):
    stack.web()
    stack.supervised_worker()  # as in production: a worker that the broker's loss kills is started again
    quick_relay(stack)
    apples = shop.product(stock=1000)
    assert stack.post("/api/orders/", order(apples.pk), customer_token)[0] == 201  # warm every process up
    wait_until(lambda: read_model_has(1, "awaiting_deposit"), timeout=60, message="the first order is handled")

    redis.kill()
    answers = [stack.post("/api/orders/", order(apples.pk), customer_token) for _ in range(20)]

    assert [status for status, _, _ in answers] == [201] * 20
    slowest = max(elapsed for _, _, elapsed in answers)
    assert slowest < 5, f"an order waited {slowest:.2f} s on the broker"
    time.sleep(2)
    assert Payment.objects.count() == 1, "nobody could wake the workers"
    redis.start()
    wait_until(
        lambda: read_model_has(21, "awaiting_deposit"), timeout=120, message="every order reaches the read model"
    )
    wait_until(every_group_caught_up, timeout=120, message="every group has applied every event")
    assert Payment.objects.count() == 21


def lock_waiters() -> int:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps serving its first snapshot of the activity view: refresh it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def test_a_worker_killed_in_the_middle_of_a_handler_has_its_event_applied_exactly_once(
    stack, shop, customer_token, seller_token
):
    stack.web()
    first_worker = stack.worker("first")
    apples = shop.product(stock=10)
    pears = shop.product(name="배", stock=10)
    _, placed, _ = stack.post(
        "/api/orders/",
        {
            "items": [{"product_id": apples.pk, "quantity": 2}, {"product_id": pears.pk, "quantity": 3}],
            "shipping_address": "서울",
        },
        customer_token,
    )
    order_id = placed["id"]
    wait_until(lambda: Delivery.objects.filter(order_id=order_id).exists(), timeout=60, message="delivery known")

    with transaction.atomic():
        # Keep writers off the deliveries: the handler of QtyDecreased will stop in the middle of its page,
        # inside its transaction, with the delivery not yet started. (A table lock in SHARE mode takes no
        # transaction id, so it holds back no event; a row lock would hold back every later one.)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Delivery._meta.db_table} IN SHARE MODE")
        status, payment, _ = stack.post(f"/api/payments/{order_id}/confirm/", token=seller_token)
        assert (status, payment["status"]) == (200, "confirmed")
        wait_until(lambda: lock_waiters() >= 1, timeout=60, message="the handler is waiting on the delivery")
        first_worker.kill()
        killed_at = time.monotonic()
    stack.worker("second")
    wait_until(
        lambda: Delivery.objects.filter(order_id=order_id, status="started").exists(),
        timeout=120,
        message="the redelivered QtyDecreased starts the delivery",
    )
    recovery = time.monotonic() - killed_at
    wait_until(lambda: read_model_has(1, "shipping"), timeout=60, message="the order shows as shipping")

    assert Payment.objects.count() == 1
    assert Delivery.objects.count() == 1
    assert StockMovement.objects.filter(order_id=order_id).count() == 2
    assert (Product.objects.get(pk=apples.pk).stock, Product.objects.get(pk=pears.pk).stock) == (8, 7)
    assert StoredEvent.objects.filter(event_type="DeliveryStarted").count() == 1
    wait_until(every_group_caught_up, timeout=60, message="every group has applied every event")
    print(f"recovered {recovery:.1f} s after SIGKILL")


def test_a_worker_killed_in_the_middle_of_a_page_has_every_event_of_it_applied_exactly_once(
    stack, shop, customer_token, seller_token
):
    """Twenty deposits confirmed while no worker runs: the deliveries group takes all twenty QtyDecreased in one
    page, and its worker dies inside that page's transaction."""
    stack.web()
    apples = shop.product(stock=100)
    ids = [stack.post("/api/orders/", order(apples.pk, 2), customer_token)[1]["id"] for _ in range(20)]
    worker = stack.worker("first")
    wait_until(lambda: read_model_has(20, "awaiting_deposit"), timeout=60, message="20 orders awaiting deposit")
    worker.stop()
    for order_id in ids:
        assert stack.post(f"/api/payments/{order_id}/confirm/", token=seller_token)[0] == 200

    with transaction.atomic():
        with connection.cursor() as cursor:  # as above: no transaction id, no event held back
            cursor.execute(f"LOCK TABLE {Delivery._meta.db_table} IN SHARE MODE")
        worker = stack.worker("second")
        wait_until(lambda: lock_waiters() >= 1, timeout=60, message="the page waits on the deliveries")
        worker.kill()
    stack.worker("third")
    wait_until(lambda: read_model_has(20, "shipping"), timeout=120, message="every order shows as shipping")
    wait_until(every_group_caught_up, timeout=60, message="every group has applied every event")

    assert Delivery.objects.filter(status="started").count() == 20
    assert StoredEvent.objects.filter(event_type="DeliveryStarted").count() == 20
    assert StockMovement.objects.count() == 20
    assert Product.objects.get(pk=apples.pk).stock == 60


def test_a_table_locked_for_30_seconds_delays_the_saga_and_every_order_converges_by_itself(stack, shop, customer_token):
    """A migration, or an operator's batch, keeps writers off the payments for 30 s: far longer than the quick
    attempts last. The payments group waits it out (a lock timeout is the database's "not now", never the
    event's fault) and every order reaches awaiting_deposit with no hand on it, and no dead letter."""
    stack.web()
    worker = stack.worker()
    quick_relay(stack)
    apples = shop.product(stock=100)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Payment._meta.db_table} IN EXCLUSIVE MODE")
        ids = [stack.post("/api/orders/", order(apples.pk), customer_token)[1]["id"] for _ in range(10)]
        time.sleep(30)
        assert not Payment.objects.exists()
    wait_until(lambda: read_model_has(10, "awaiting_deposit"), timeout=90, message="every order converges")
    wait_until(every_group_caught_up, timeout=60, message="every group has applied every event")

    assert sorted(Payment.objects.values_list("order_id", flat=True)) == sorted(ids)
    assert Order.objects.filter(status="awaiting_deposit").count() == 10
    assert not DeadLetter.objects.exists()
    assert worker.log().count("lock timeout") >= 3, "the lock was met again and again, and waited out"


def snapshot() -> dict:
    return {
        "orders": sorted(Order.objects.values_list("id", "status")),
        "payments": sorted(Payment.objects.values_list("order_id", "status", "cancel_reason")),
        "deliveries": sorted(Delivery.objects.values_list("order_id", "status")),
        "stock": sorted(Product.objects.values_list("id", "stock")),
        "movements": StockMovement.objects.count(),
        "events": StoredEvent.objects.count(),
        "read model": sorted(
            OrderStatusView.objects.values_list("order_id", "status", "payment_status", "delivery_status", "updated_at")
        ),
    }


def test_every_event_delivered_twice_by_real_workers_changes_nothing(stack, shop, customer_token, seller_token):
    stack.web()
    stack.worker("first")
    stack.worker("second")
    quick_relay(stack)

    def every_event_processed() -> None:
        wait_until(every_group_caught_up, timeout=90, message="every event processed")

    the_whole_story(
        shop, over_http(stack, customer_token), over_http(stack, seller_token), settle=every_event_processed
    )
    before = snapshot()
    assert [row[1] for row in before["read model"]] == ["closed", "canceled", "canceled"]

    Checkpoint.objects.update(txid=0, event=0)  # every group lost its place: the relay wakes them all again
    wait_until(every_group_caught_up, timeout=120, message="every event applied a second time")

    assert snapshot() == before


def test_an_event_that_always_fails_is_parked_and_blocks_nothing(stack, shop, customer_token):
    stack.web()
    stack.worker()
    quick_relay(stack)
    apples = shop.product(stock=10)
    with transaction.atomic():
        # A malformed OrderPlaced (no total): the payments handler fails on it every time.
        StoredEvent.objects.create(
            event_id="7d1f0c1e-0000-4000-8000-000000000001",
            event_type="OrderPlaced",
            order_id=999999,
            occurred_at="2026-01-01T00:00:00+00:00",
            payload={"customer_id": 1, "items": [], "total": None, "shipping_address": "?", "depositor_name": "?"},
        )

    assert stack.post("/api/orders/", order(apples.pk), customer_token)[0] == 201
    wait_until(lambda: read_model_has(1, "awaiting_deposit"), timeout=60, message="a good order goes through")
    letter = wait_until(lambda: DeadLetter.objects.first(), timeout=120, message="the poison event is parked")

    assert letter.subscription == "payments.handlers.create_payment_when_order_placed:OrderPlaced"
    assert letter.attempts == 5
    assert "IntegrityError" in letter.error
    assert not Payment.objects.filter(order_id=999999).exists()
