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
