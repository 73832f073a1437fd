"""relay_events: a group that lags (its wake-up never came) is woken; dead letters that are due are retried."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eventbus.models import Checkpoint, DeadLetter
from orderview.models import OrderStatusView
from payments.models import Payment
from tests.support.shop import place, run

pytestmark = pytest.mark.django_db(transaction=True)


def test_relay_events_wakes_the_groups_whose_wake_up_never_came(shop, as_alice, settings):
    apples = shop.product(stock=4)
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    order = place(as_alice, (apples.pk, 1))
    assert not Payment.objects.exists()

    settings.EVENT_TRANSPORT = "eventbus.transports.InProcessTransport"
    waiting = run("relay_events", "--once")  # the event is younger than its own wake-up takes: not yet
    woken = run("relay_events", "--once", "--dispatch-after", "0")

    assert "0 groups woken" in waiting
    assert "0 groups woken" not in woken
    assert Payment.objects.get(order_id=order["id"]).status == "pending"
    assert OrderStatusView.objects.get(order_id=order["id"]).status == "awaiting_deposit"
    assert "0 groups woken" in run("relay_events", "--once", "--dispatch-after", "0")


def test_the_relay_leaves_a_group_alone_while_it_waits_out_a_backoff(shop, as_alice, settings):
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    place(as_alice, (shop.product(stock=4).pk, 1))
    Checkpoint.objects.update_or_create(group="payments", defaults={"retry_at": timezone.now() + timedelta(minutes=1)})
    settings.EVENT_TRANSPORT = "eventbus.transports.InProcessTransport"

    run("relay_events", "--once", "--dispatch-after", "0")

    assert not Payment.objects.exists()
    Checkpoint.objects.filter(group="payments").update(retry_at=timezone.now())
    run("relay_events", "--once", "--dispatch-after", "0")
    assert Payment.objects.exists()


def test_the_relay_retries_the_dead_letters_that_are_due(shop, as_alice, settings):
    from eventbus import codec
    from eventbus.dead_letters import dead_letter_park
    from eventbus.models import StoredEvent

    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    order = place(as_alice, (shop.product(stock=4).pk, 1))
    stored = StoredEvent.objects.get(order_id=order["id"], event_type="OrderPlaced")
    letter = dead_letter_park(
        subscription_name="payments.handlers.create_payment_when_order_placed:OrderPlaced",
        message=codec.encode(codec.from_outbox(stored)),
        error=TimeoutError("the payments table was locked"),
        attempts=5,
    )
    assert letter.next_retry_at == letter.parked_at + timedelta(minutes=1)

    run("relay_events", "--once")
    assert not Payment.objects.exists(), "not due yet"
    DeadLetter.objects.update(next_retry_at=timezone.now())
    out = run("relay_events", "--once")

    assert "1 dead letters delivered" in out
    assert Payment.objects.get(order_id=order["id"]).status == "pending"
    letter.refresh_from_db()
    assert letter.resolved_at is not None and letter.next_retry_at is None
