"""The money loop under real concurrency, on PostgreSQL: each thread its own connection, all released at the
same moment (tests.support.shop.all_at_once)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from deposits.models import Deposit
from deposits.services import StatementLine, deposit_record, deposits_import
from orders.models import Order
from payments.models import Payment, Refund
from products.models import Product, StockMovement
from tests.support.shop import all_at_once, place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def confirm(shop, seller, order_id: int):
    return lambda: shop.client_for(seller).post(f"/api/payments/{order_id}/confirm/").status_code


def expire():
    def call() -> str:
        out = StringIO()
        call_command("expire_unpaid_orders", stdout=out)
        return out.getvalue()

    return call


def test_expiry_and_confirmation_at_the_same_moment_have_one_winner_each(shop, as_alice, seller):
    product = shop.product(stock=100)
    orders = [place(as_alice, (product.pk, 1))["id"] for _ in range(20)]
    Payment.objects.update(deposit_due_at=timezone.now() - timedelta(seconds=1))

    results = all_at_once([expire(), *(confirm(shop, seller, order_id) for order_id in orders), expire()], threads=22)

    expired_lines = [line for output in (results[0], results[-1]) for line in output.splitlines()[:-1]]
    confirmed = {order_id for order_id, status in zip(orders, results[1:-1], strict=True) if status == 200}
    assert set(results[1:-1]) <= {200, 409}
    assert len(expired_lines) == len(orders) - len(confirmed), "each payment expired once, by one of the two"
    for order_id in orders:
        payment, order = Payment.objects.get(order_id=order_id), Order.objects.get(pk=order_id)
        if order_id in confirmed:
            assert payment.status == "confirmed" and order.status != "canceled"
        else:
            assert (payment.cancel_reason, order.status, order.cancel_reason) == (
                "deposit_expired",
                "canceled",
                "deposit_expired",
            )
    assert StockMovement.objects.count() == len(confirmed) == 100 - Product.objects.get().stock


def test_two_imports_of_one_statement_at_once_match_each_line_once(shop, seller):
    product = shop.product(price=1000, stock=100)
    lines = []
    for n in range(20):
        customer = shop.customer(f"customer{n}")
        order = place(shop.client_for(customer), (product.pk, 1), depositor_name=f"입금자{n}")
        lines.append(StatementLine(f"T-{n}", timezone.now(), f"입금자{n}", order["total"]))

    first, second = all_at_once([lambda: deposits_import(lines), lambda: deposits_import(lines)])

    assert first.new + second.new == 20 and first.already_imported + second.already_imported == 20
    assert first.matched + second.matched == 20
    assert Deposit.objects.filter(status="matched").count() == 20
    assert Payment.objects.filter(status="confirmed").count() == 20
    assert StockMovement.objects.count() == 20 and Product.objects.get().stock == 80


def test_a_match_by_hand_and_an_automatic_one_for_the_same_order_confirm_it_once(shop, as_alice, seller):
    product = shop.product(price=32000, stock=100)
    cases = []
    for n in range(10):
        order_id = place(as_alice, (product.pk, 1), depositor_name=f"홍길동{n}")["id"]
        waiting, _ = deposit_record(StatementLine(f"M-{n}", timezone.now(), f"홍길동{n} 엄마", 32000))
        assert waiting.reason == "no_candidate"
        cases.append((order_id, waiting.pk, n))

    def by_hand(deposit_id, order_id):
        return lambda: (
            shop.client_for(seller)
            .post(f"/api/deposits/{deposit_id}/match/", {"order_id": order_id}, format="json")
            .status_code
        )

    def automatic(n):
        return lambda: deposit_record(StatementLine(f"A-{n}", timezone.now(), f"홍길동{n}", 32000))[0].status

    calls = [call for order_id, deposit_id, n in cases for call in (by_hand(deposit_id, order_id), automatic(n))]
    results = all_at_once(calls, together=2, threads=20)

    assert set(results[0::2]) == {200}, "the seller's match always lands: a confirmation or a refund due"
    for (order_id, _deposit_id, n), automatic_status in zip(cases, results[1::2], strict=True):
        assert Payment.objects.get(order_id=order_id).status == "confirmed"
        assert StockMovement.objects.filter(order_id=order_id).count() == 1
        refunds = list(Refund.objects.filter(order_id=order_id).values_list("reason", flat=True))
        if automatic_status == "matched":  # the bank's line came first: the seller's is a second deposit
            assert refunds == ["duplicate_deposit"]
        else:  # the seller came first: the bank's line finds nothing pending any more
            assert (automatic_status, refunds) == ("unmatched", [])
            assert Deposit.objects.get(transaction_id=f"A-{n}").reason == "no_candidate"
