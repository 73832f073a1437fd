"""Every confirmation and cancellation records who did it and when; the seller reads it per order."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from eventbus.models import StoredEvent
from payments.models import Payment
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)


def history(client, order_id: int) -> list[tuple]:
    response = client.get(f"/api/audit/orders/{order_id}/")
    assert response.status_code == 200, response.content
    return [(e["event"], e["actor"]["kind"], e["actor"]["username"]) for e in response.json()["entries"]]


def test_a_confirmed_and_received_order_names_its_customer_and_its_seller(shop, as_alice, as_seller, seller):
    order = place(as_alice, (shop.product(stock=5).pk, 1))
    as_seller.post(f"/api/payments/{order['id']}/confirm/")
    as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/")

    entries = history(as_seller, order["id"])

    assert ("OrderPlaced", "customer", "alice") in entries
    assert ("PayChecked", "staff", "seller") in entries
    assert ("OrderClosed", "customer", "alice") in entries
    assert ("DeliveryStarted", "system", None) in entries
    payment = Payment.objects.get(order_id=order["id"])
    assert payment.confirmed_by == seller and payment.confirmed_at is not None


def test_a_customers_cancel_and_a_compensation_are_told_apart(shop, as_alice, as_seller):
    apples = shop.product(stock=1)
    canceled = place(as_alice, (apples.pk, 1))
    short = place(as_alice, (apples.pk, 1))
    as_alice.post(f"/api/orders/{canceled['id']}/cancel/")
    apples.__class__.objects.filter(pk=apples.pk).update(stock=0)
    as_seller.post(f"/api/payments/{short['id']}/confirm/")

    assert ("OrderCanceled", "customer", "alice") in history(as_seller, canceled["id"])
    assert ("PayCanceled", "customer", "alice") in history(as_seller, canceled["id"])
    assert ("PayCanceled", "system", None) in history(as_seller, short["id"])
    assert ("OrderCanceled", "system", None) in history(as_seller, short["id"])


def test_a_confirmation_from_the_shell_names_the_operator_or_the_given_seller(shop, as_alice, as_seller, seller):
    first = place(as_alice, (shop.product(stock=5).pk, 1))
    second = place(as_alice, (shop.product(name="배", stock=5).pk, 1))

    call_command("confirm_deposit", str(first["id"]))
    call_command("confirm_deposit", str(second["id"]), "--by", "seller")

    assert ("PayChecked", "operator", None) in history(as_seller, first["id"])
    assert ("PayChecked", "staff", "seller") in history(as_seller, second["id"])


def test_an_order_without_history_is_404(as_seller):
    assert as_seller.get("/api/audit/orders/424242/").status_code == 404


def test_an_event_that_does_not_decode_is_still_shown_as_recorded(shop, as_alice, as_seller):
    order = place(as_alice, (shop.product(stock=5).pk, 1))
    StoredEvent.objects.create(
        event_id="7d1f0c1e-0000-4000-8000-000000000003",
        event_type="OrderPlaced",
        order_id=order["id"],
        occurred_at=timezone.now(),
        payload={"customer_id": 1},  # no items, no total: not an OrderPlaced of this code
    )

    assert history(as_seller, order["id"])[-1] == ("OrderPlaced", "system", None)
