"""The in-process transport delivers to exactly the subscriptions it is given, each in its own transaction;
one that fails stops none of the others."""

import pytest

from eventbus.models import ProcessedEvent
from eventbus.subscriptions import Subscription, subscriptions_for
from eventbus.transports import InProcessTransport
from orders.events import OrderPlaced

pytestmark = pytest.mark.django_db(transaction=True)

PLACED = OrderPlaced(
    order_id=424242, customer_id=1, items=[], total=0, shipping_address="서울", depositor_name="앨리스"
)


def handled_by() -> set[str]:
    return set(ProcessedEvent.objects.filter(event_id=PLACED.event_id).values_list("subscription", flat=True))


def test_only_the_subscriptions_given_are_delivered_to():
    everyone = subscriptions_for(OrderPlaced)
    chosen = [sub for sub in everyone if sub.queue == "orderview"]
    assert len(everyone) > len(chosen) == 1

    assert InProcessTransport().send(PLACED, chosen) is True

    assert handled_by() == {chosen[0].name}


def test_a_failing_subscription_stops_none_of_the_others():
    def fail(event):
        raise RuntimeError("a handler that always fails")

    failing = Subscription(name="tests.failing:OrderPlaced", event_type=OrderPlaced, handler=fail, queue="tests")
    chosen = [failing, *(sub for sub in subscriptions_for(OrderPlaced) if sub.queue == "orderview")]

    assert InProcessTransport().send(PLACED, chosen) is False

    assert handled_by() == {chosen[1].name}, "the failure rolled back its own inbox row only"
