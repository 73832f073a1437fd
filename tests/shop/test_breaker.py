"""The circuit breaker under a real fault in PostgreSQL: a table locked by another session makes every
order placement time out; the breaker opens, answers 503 fast, lets one trial through, and closes."""

from __future__ import annotations

import threading
import time

import psycopg
import pybreaker
import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from orders.models import Order
from payments.models import Payment
from products.models import Product
from shop.breakers import breaker
from tests.support.shop import order_body, place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quick_breaker(settings):
    settings.BREAKER_FAIL_MAX = 3
    settings.BREAKER_RESET_TIMEOUT = 2


@pytest.fixture
def short_lock_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '200ms'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")


class LockedTable:
    """Another session holding an exclusive lock on a table: what a long migration or a stuck batch does."""

    def __init__(self, table: str) -> None:
        db = connection.settings_dict
        self.session = psycopg.connect(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
        )
        self.session.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")

    def release(self) -> None:
        self.session.rollback()
        self.session.close()


def test_the_breaker_opens_answers_fast_half_opens_and_closes(shop, as_alice, quick_breaker, short_lock_timeout):
    apples = shop.product(stock=100)
    lock = LockedTable(Product._meta.db_table)
    try:
        failures = [as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json") for _ in range(3)]
        assert [r.status_code for r in failures] == [503, 503, 503], "each timed out on the lock"
        assert breaker("order_placement").current_state == "open"

        started = time.monotonic()
        refused = as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json")
        elapsed = time.monotonic() - started
        assert refused.status_code == 503
        assert elapsed < 0.15, f"an open breaker answers without waiting on the database ({elapsed:.3f} s)"
        assert 1 <= int(refused["Retry-After"]) <= 2
        assert refused.json()["detail"]
        english = as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert "try again" in english.json()["detail"]
    finally:
        lock.release()

    time.sleep(2.1)  # the reset timeout: the next call is the trial
    assert breaker("order_placement").current_state == "open"
    trial = as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json")
    assert trial.status_code == 201
    assert breaker("order_placement").current_state == "closed"
    assert Order.objects.count() == 1, "nothing was written while the breaker refused"


def test_a_failed_trial_opens_the_breaker_again(shop, as_alice, quick_breaker, short_lock_timeout):
    apples = shop.product(stock=100)
    lock = LockedTable(Product._meta.db_table)
    try:
        for _ in range(3):
            as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json")
        time.sleep(2.1)
        trial = as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json")
        assert trial.status_code == 503
        assert breaker("order_placement").current_state == "open"
    finally:
        lock.release()


def test_only_one_trial_call_goes_through_while_half_open(shop, alice, quick_breaker):
    guard = breaker("order_placement")

    def database_down():
        raise OperationalError("the server closed the connection unexpectedly")

    for _ in range(2):
        with pytest.raises(OperationalError):
            guard.call(database_down)
    with pytest.raises(pybreaker.CircuitBreakerError):  # the third failure trips it
        guard.call(database_down)
    assert guard.current_state == "open"
    time.sleep(2.1)
    in_trial, release = threading.Event(), threading.Event()

    def slow_trial():
        in_trial.set()
        release.wait(5)
        return "done"

    trial = threading.Thread(target=lambda: breaker("order_placement").call(slow_trial))
    trial.start()
    in_trial.wait(5)
    with pytest.raises(pybreaker.CircuitBreakerError, match="trial"):
        guard.call(lambda: "second caller")
    release.set()
    trial.join()
    assert guard.current_state == "closed"
    assert guard.call(lambda: "after") == "after"


def test_business_refusals_never_open_the_breaker(shop, as_alice, as_seller, quick_breaker):
    apples = shop.product(stock=1)
    for _ in range(5):
        assert as_alice.post("/api/orders/", order_body((apples.pk, 5)), format="json").status_code == 400
    orders = [place(as_alice, (apples.pk, 1))["id"] for _ in range(4)]
    for order_id in orders:
        as_seller.post(f"/api/payments/{order_id}/confirm/")  # one confirmed, three short of stock

    assert breaker("order_placement").current_state == "closed"
    assert breaker("stock").current_state == "closed"


def test_while_the_stock_breaker_is_open_confirmations_wait_and_nothing_is_lost(
    shop, as_alice, as_seller, quick_breaker, seller
):
    from django.test import Client

    apples = shop.product(stock=10)
    orders = [place(as_alice, (apples.pk, 1))["id"] for _ in range(2)]
    breaker("stock").open()

    api = as_seller.post(f"/api/payments/{orders[0]}/confirm/")
    admin = Client()
    admin.force_login(seller)
    page = admin.post(
        "/admin/payments/payment/",
        {"action": "confirm_deposit", "_selected_action": [Payment.objects.get(order_id=orders[1]).pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    with pytest.raises(Exception, match="not confirmed"):
        call_command("confirm_deposit", str(orders[1]))

    assert api.status_code == 503 and api["Retry-After"]
    assert "try again" in " ".join(str(m) for m in page.context["messages"])
    assert set(Payment.objects.values_list("status", flat=True)) == {"pending"}
    assert Product.objects.get(pk=apples.pk).stock == 10


def test_a_lost_database_connection_is_503_not_500(shop, as_alice, quick_breaker):
    apples = shop.product(stock=10)
    real = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json")
    finally:
        connection.close()
        connection.settings_dict.update(real)

    assert response.status_code == 503
    assert response["Retry-After"]


def test_the_try_again_later_message_is_korean_by_default(shop, as_alice, quick_breaker):
    breaker("order_placement").open()

    response = as_alice.post("/api/orders/", order_body((shop.product().pk, 1)), format="json")

    assert response.status_code == 503
    assert response.json()["detail"] == "주문이 많아 잠시 후 다시 시도해 주세요."
