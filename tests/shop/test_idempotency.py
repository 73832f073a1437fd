"""Idempotency-Key: the same key and body replay the first answer and do the work once; another body is 422; keys
are per user and expire after 24 hours."""

import pytest
from django.db.models import F

from orders.models import Order
from payments.models import Payment
from products.models import Product
from tests.support.shop import order_body, place

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_idempotency_key_returns_the_first_order_and_creates_no_second(as_alice, apples):
    body = order_body((apples.pk, 2))
    first = as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="order-1")
    again = as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="order-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_422(as_alice, apples):
    as_alice.post("/api/orders/", order_body((apples.pk, 2)), format="json", HTTP_IDEMPOTENCY_KEY="k")

    response = as_alice.post("/api/orders/", order_body((apples.pk, 3)), format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 422
    assert Order.objects.count() == 1


def test_idempotency_keys_belong_to_one_customer(as_alice, as_bob, apples):
    body = order_body((apples.pk, 1))
    alices = as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="same")
    bobs = as_bob.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="same")

    assert alices.json()["id"] != bobs.json()["id"]
    assert Order.objects.count() == 2


def test_idempotency_keys_are_forgotten_after_24_hours(as_alice, apples):
    from datetime import timedelta

    from shop.api.models import IdempotencyRecord

    first = as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json", HTTP_IDEMPOTENCY_KEY="daily")
    IdempotencyRecord.objects.update(created_at=F("created_at") - timedelta(hours=24, minutes=1))

    again = as_alice.post("/api/orders/", order_body((apples.pk, 2)), format="json", HTTP_IDEMPOTENCY_KEY="daily")

    assert again.status_code == 201
    assert again.json()["id"] != first.json()["id"]


def test_idempotency_keys_are_accepted_on_cancel_receipt_and_confirmation(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 1))
    confirm = [as_seller.post(f"/api/payments/{order['id']}/confirm/", HTTP_IDEMPOTENCY_KEY="c") for _ in range(2)]
    receipt = [as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/", HTTP_IDEMPOTENCY_KEY="r") for _ in range(2)]
    other = place(as_alice, (apples.pk, 1))
    cancel = [as_alice.post(f"/api/orders/{other['id']}/cancel/", HTTP_IDEMPOTENCY_KEY="x") for _ in range(2)]

    for first, repeat in (confirm, receipt, cancel):
        assert (first.status_code, repeat.status_code) == (200, 200), "a repeat with its key replays the answer"
        assert repeat.json() == first.json()
    assert as_alice.post(f"/api/orders/{other['id']}/cancel/").status_code == 409, "without the key: 409"


def test_a_refused_request_does_not_use_up_its_idempotency_key(as_alice, apples):
    body = order_body((apples.pk, 11))
    assert as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry").status_code == 400
    apples.refresh_from_db()
    Product.objects.filter(pk=apples.pk).update(stock=20)

    assert as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry").status_code == 201
