"""relay_events: what the broker never got, or a subscription never processed, is delivered again."""

import pytest

from deliveries.models import Delivery
from eventbus.models import ProcessedEvent, StoredEvent
from orderview.models import OrderStatusView
from payments.models import Payment
from tests.support.shop import place, run

pytestmark = pytest.mark.django_db(transaction=True)


def test_relay_events_delivers_what_the_broker_never_got(shop, as_alice, settings):
    apples = shop.product(stock=4)
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    order = place(as_alice, (apples.pk, 1))
    assert StoredEvent.objects.filter(dispatched_at__isnull=True).count() == 1
    assert not Payment.objects.exists()

    settings.EVENT_TRANSPORT = "eventbus.transports.InProcessTransport"
    out = run("relay_events", "--once", "--dispatch-after", "0")

    assert "1 dispatched" in out
    assert Payment.objects.get(order_id=order["id"]).status == "pending"
    assert not StoredEvent.objects.filter(completed_at__isnull=True).exists()
    assert OrderStatusView.objects.get(order_id=order["id"]).status == "awaiting_deposit"


def test_the_relay_sends_again_what_a_subscription_never_processed(shop, as_alice, settings):
    """The broker accepted the event and then lost it (a Redis restart without persistence)."""
    apples = shop.product(stock=4)
    order = place(as_alice, (apples.pk, 1))
    lost = StoredEvent.objects.get(order_id=order["id"], event_type="OrderPlaced")
    ProcessedEvent.objects.filter(event_id=lost.event_id, subscription__startswith="deliveries.").delete()
    Delivery.objects.filter(order_id=order["id"]).delete()
    StoredEvent.objects.filter(pk=lost.pk).update(completed_at=None)

    out = run("relay_events", "--once", "--redeliver-after", "0")

    assert "1 redelivered" in out
    assert Delivery.objects.get(order_id=order["id"]).shipping_address
    assert not StoredEvent.objects.filter(completed_at__isnull=True).exists()
