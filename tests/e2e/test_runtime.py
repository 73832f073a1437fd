"""Nothing lost, nothing twice: the production runtime with real PostgreSQL, Redis, gunicorn and Celery
worker processes that the tests start, stop and kill. No eager mode anywhere."""

from __future__ import annotations

import shutil
import time

import pytest
from django.db import connection, transaction

from deliveries.models import Delivery
from eventbus.models import DeadLetter, ProcessedEvent, StoredEvent
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


def quick_relay(stack: Stack, redeliver_after: float = 15) -> Process:
    """The relay, with its passes and delays shortened so that the tests need not wait for them."""
    return stack.relay("--interval", "0.5", "--dispatch-after", "1", "--redeliver-after", str(redeliver_after))


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
    assert Payment.objects.filter(status="pending").count() == 50
    assert Order.objects.filter(status="awaiting_deposit").count() == 50


def test_orders_are_accepted_while_redis_is_down_and_delivered_when_it_is_back(stack, redis, shop, customer_token):
    stack.web()
    stack.worker()
    quick_relay(stack)
    apples = shop.product(stock=1000)
    assert stack.post("/api/orders/", order(apples.pk), customer_token)[0] == 201  # warm every process up
    wait_until(lambda: read_model_has(1, "awaiting_deposit"), timeout=60, message="the first order is handled")

    redis.kill()
    answers = [stack.post("/api/orders/", order(apples.pk), customer_token) for _ in range(20)]

    assert [status for status, _, _ in answers] == [201] * 20
    slowest = max(elapsed for _, _, elapsed in answers)
    assert slowest < 5, f"an order waited {slowest:.2f} s on the broker"
    assert StoredEvent.objects.filter(dispatched_at__isnull=True).count() == 20
    redis.start()
    wait_until(
        lambda: read_model_has(21, "awaiting_deposit"), timeout=120, message="every order reaches the read model"
    )
    wait_until(
        lambda: not StoredEvent.objects.filter(completed_at__isnull=True).exists(),
        timeout=120,
        message="no outbox row is left behind",
    )
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
        # Hold the delivery's row lock: the handler of QtyDecreased will stop in the middle, inside its
        # transaction, with its inbox row written and the delivery not yet started.
        Delivery.objects.select_for_update().get(order_id=order_id)
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
    assert ProcessedEvent.objects.filter(subscription__startswith="deliveries.handlers.start_delivery").count() == 1
    print(f"recovered {recovery:.1f} s after SIGKILL")


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
    quick_relay(stack, redeliver_after=5)

    def every_event_processed() -> None:
        wait_until(
            lambda: not StoredEvent.objects.filter(completed_at__isnull=True).exists(),
            timeout=90,
            message="every event processed",
        )

    the_whole_story(
        shop, over_http(stack, customer_token), over_http(stack, seller_token), settle=every_event_processed
    )
    before = snapshot()
    assert [row[1] for row in before["read model"]] == ["closed", "canceled", "canceled"]

    handled = ProcessedEvent.objects.count()
    StoredEvent.objects.update(dispatched_at=None, completed_at=None)  # the relay sends every event again
    wait_until(
        lambda: not StoredEvent.objects.filter(completed_at__isnull=True).exists(),
        timeout=120,
        message="every event delivered a second time",
    )

    assert snapshot() == before
    assert ProcessedEvent.objects.count() == handled


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
