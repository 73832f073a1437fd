"""The seller's payments through the API: confirming is 409 in the wrong state, 404 before the payment exists, and
for the seller only."""

import pytest

from payments.models import Payment
from products.models import Product
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)


def test_confirming_a_deposit_twice_is_409_and_takes_stock_once(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 4))
    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").status_code == 200

    response = as_seller.post(f"/api/payments/{order['id']}/confirm/")

    assert response.status_code == 409
    assert Product.objects.get(pk=apples.pk).stock == 6


def test_confirming_a_payment_canceled_for_short_stock_is_409(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 4))
    Product.objects.filter(pk=apples.pk).update(stock=1)
    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").json()["status"] == "canceled"

    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").status_code == 409


def test_confirming_before_the_payment_exists_is_404(as_alice, as_seller, apples, settings):
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    order = place(as_alice, (apples.pk, 1))

    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").status_code == 404
    assert as_seller.post("/api/payments/999999/confirm/").status_code == 404


def test_only_the_seller_sees_and_confirms_payments(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 1))

    assert as_alice.get("/api/payments/").status_code == 403
    assert as_alice.post(f"/api/payments/{order['id']}/confirm/").status_code == 403
    assert Payment.objects.get(order_id=order["id"]).status == "pending"
    pending = as_seller.get("/api/payments/?status=pending").json()["results"]
    assert [(p["order_id"], p["amount"], p["status"]) for p in pending] == [(order["id"], 32000, "pending")]
    assert as_seller.get("/api/payments/?status=confirmed").json()["results"] == []
    assert as_seller.get("/api/payments/?status=lost").status_code == 400
