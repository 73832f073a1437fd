"""Correct under concurrency, on PostgreSQL: many requests at the same moment, each thread with its own
database connection, through the same API the customers and the seller use."""

from __future__ import annotations

from collections import Counter

import pytest

from deliveries.models import Delivery
from orders.models import Order
from payments.models import Payment
from products.models import Product, StockMovement
from tests.support.shop import all_at_once, place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def confirm(shop, seller, order_id: int):
    def call():
        response = shop.client_for(seller).post(f"/api/payments/{order_id}/confirm/")
        return response.status_code, response.json()

    return call


def cancel(shop, customer, order_id: int):
    def call():
        return shop.client_for(customer).post(f"/api/orders/{order_id}/cancel/").status_code

    return call


def test_forty_confirmations_for_twenty_units_confirm_exactly_twenty(shop, alice, as_alice, seller):
    product = shop.product(stock=20)
    orders = [place(as_alice, (product.pk, 1))["id"] for _ in range(40)]

    results = all_at_once([confirm(shop, seller, order_id) for order_id in orders])

    assert {status for status, _ in results} == {200}, "no 503, no 500: ordinary contention passes"
    outcomes = Counter((body["status"], body["cancel_reason"]) for _, body in results)
    assert outcomes == {("confirmed", None): 20, ("canceled", "out_of_stock"): 20}
    assert Product.objects.get(pk=product.pk).stock == 0
    assert StockMovement.objects.count() == 20
    assert Order.objects.filter(status="canceled", cancel_reason="out_of_stock").count() == 20
    assert Delivery.objects.filter(status="started").count() == 20


def test_two_line_orders_in_both_line_orders_never_deadlock_nor_oversell(shop, as_alice, seller):
    apples = shop.product(name="사과", stock=15)
    pears = shop.product(name="배", stock=15)
    orders = [
        place(as_alice, *([(apples.pk, 1), (pears.pk, 1)] if n % 2 else [(pears.pk, 1), (apples.pk, 1)]))["id"]
        for n in range(20)
    ]

    results = all_at_once([confirm(shop, seller, order_id) for order_id in orders])

    assert {status for status, _ in results} == {200}, results
    confirmed = sum(body["status"] == "confirmed" for _, body in results)
    assert confirmed == 15
    assert (Product.objects.get(pk=apples.pk).stock, Product.objects.get(pk=pears.pk).stock) == (0, 0)
    assert StockMovement.objects.count() == 2 * confirmed


def test_cancel_and_confirm_at_the_same_moment_exactly_one_wins(shop, alice, as_alice, seller):
    product = shop.product(stock=1000)
    orders = [place(as_alice, (product.pk, 1))["id"] for _ in range(50)]
    calls = []
    for order_id in orders:
        calls += [cancel(shop, alice, order_id), confirm(shop, seller, order_id)]

    # Each order's cancel and confirmation at the same moment, ten orders at a time. (All the threads share
    # this process's GIL; a hundred at once would measure the GIL, not the database's locking.)
    results = all_at_once(calls, together=2, threads=20)

    for n, order_id in enumerate(orders):
        canceled_status, (confirm_status, body) = results[2 * n], results[2 * n + 1]
        payment = Payment.objects.get(order_id=order_id)
        order = Order.objects.get(pk=order_id)
        moved = StockMovement.objects.filter(order_id=order_id).exists()
        delivery = Delivery.objects.get(order_id=order_id).status
        if canceled_status == 200:
            assert confirm_status == 409, (order_id, body)
            assert (payment.status, order.status, moved, delivery) == ("canceled", "canceled", False, "canceled")
        else:
            assert (canceled_status, confirm_status, body["status"]) == (409, 200, "confirmed")
            assert payment.status == "confirmed" and moved and delivery == "started"
            assert order.status in ("deposit_confirmed", "preparing", "shipping")
    assert Product.objects.get(pk=product.pk).stock == 1000 - StockMovement.objects.count()
    assert not Order.objects.filter(status="canceled", pk__in=StockMovement.objects.values("order_id")).exists()
