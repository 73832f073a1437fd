"""The in-process transport lets exactly the groups it is given catch up; one that fails stops none of the
others, and its events wait for the relay."""

import pytest

from eventbus.consumer import catch_up
from eventbus.models import Checkpoint
from eventbus.transports import InProcessTransport
from orderview.models import OrderStatusView
from payments.models import Payment
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held_back_order(shop, as_alice, settings):
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    order = place(as_alice, (shop.product(stock=4).pk, 1))
    settings.EVENT_TRANSPORT = "eventbus.transports.InProcessTransport"
    return order


def test_only_the_groups_given_catch_up(held_back_order):
    assert InProcessTransport().wake(["orderview"]) is True

    assert OrderStatusView.objects.filter(order_id=held_back_order["id"]).exists()
    assert not Payment.objects.exists()


def test_a_failing_group_stops_none_of_the_others(held_back_order, monkeypatch):
    from payments import handlers

    def fail(**kwargs):
        raise RuntimeError("a handler that fails")

    monkeypatch.setattr(handlers.services, "payment_open_for_order", fail)

    assert InProcessTransport().wake(["payments", "orderview"]) is True  # the failure waits out its backoff

    assert OrderStatusView.objects.filter(order_id=held_back_order["id"]).exists()
    payments = Checkpoint.objects.get(group="payments")
    assert payments.failures == 1 and "RuntimeError: a handler that fails" in payments.last_error
    monkeypatch.undo()
    Checkpoint.objects.filter(group="payments").update(retry_at=None)
    assert catch_up("payments").applied == 1
    assert Payment.objects.get(order_id=held_back_order["id"]).status == "pending"


class CountingTransport:
    """Records each group it is asked to wake, and wakes nobody."""

    asked: list[str] = []

    def wake(self, group_names, *, force=False) -> bool:
        CountingTransport.asked.extend(group_names)
        return True


def test_a_transaction_wakes_each_group_once_however_many_events_it_records(monkeypatch):
    from django.db import transaction

    from eventbus import bus
    from orders.events import OrderCanceled

    monkeypatch.setattr(bus, "transport", CountingTransport)
    CountingTransport.asked = []
    with transaction.atomic():
        for order_id in range(1, 51):
            bus.publish(OrderCanceled(order_id=order_id, reason="customer", actor={}))

    assert sorted(CountingTransport.asked) == sorted(bus.groups_for([OrderCanceled]))


def test_a_wake_up_dropped_with_a_rolled_back_savepoint_is_asked_for_again(monkeypatch):
    from django.db import transaction

    from eventbus import bus
    from orders.events import OrderCanceled

    monkeypatch.setattr(bus, "transport", CountingTransport)
    CountingTransport.asked = []
    with transaction.atomic():
        try:
            with transaction.atomic():
                bus.publish(OrderCanceled(order_id=1, reason="customer", actor={}))
                raise RuntimeError("the savepoint rolls back, and its commit hooks with it")
        except RuntimeError:
            pass
        bus.publish(OrderCanceled(order_id=2, reason="customer", actor={}))

    assert sorted(CountingTransport.asked) == sorted(bus.groups_for([OrderCanceled]))
