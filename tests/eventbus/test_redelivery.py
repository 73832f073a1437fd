"""Every handler is idempotent: a redelivered event changes nothing."""

import pytest
from django.core.management import call_command

from deliveries.models import Delivery
from eventbus import codec
from eventbus.consumer import catch_up
from eventbus.models import Checkpoint, StoredEvent
from eventbus.subscriptions import groups, subscriptions_for
from orders.models import Order, OrderLine
from orderview.models import OrderStatusView
from payments.models import Payment, Refund
from products.models import Product, StockMovement
from tests.support.shop import poster, the_whole_story

pytestmark = pytest.mark.django_db(transaction=True)

STATE = [Order, OrderLine, Payment, Refund, Product, StockMovement, Delivery, OrderStatusView, StoredEvent]


def snapshot() -> dict:
    """Everything the shop knows, without ids and times that differ between two separate runs."""
    volatile = {
        "id",
        "event_id",
        "order_id",
        "order",
        "product",
        "created_at",
        "updated_at",
        "confirmed_at",
        "canceled_at",
        "closed_at",
        "started_at",
        "completed_at",
        "placed_at",
        "occurred_at",
        "recorded_at",
        "txid",
        "customer",
        "customer_id",
        "confirmed_by",
        "canceled_by",
        "deposit_due_at",
        "paid_at",
        "paid_by",
    }

    def stable(row: dict) -> dict:
        row = {k: v for k, v in row.items() if k not in volatile}
        if isinstance(row.get("payload"), dict):
            row["payload"] = stable(row["payload"])
        return row

    return {model.__name__: sorted(repr(stable(row)) for row in model.objects.values()) for model in STATE}


def story_from_scratch(shop) -> dict:
    """The whole story on an empty database (ids restart at 1), and what the shop knows afterwards."""
    call_command("flush", "--noinput", verbosity=0)
    customer, seller = shop.client_for(shop.customer("alice")), shop.client_for(shop.seller("seller"))
    the_whole_story(shop, poster(customer), poster(seller))
    return snapshot()


def test_every_event_delivered_twice_ends_in_the_same_state(shop, settings):
    once = story_from_scratch(shop)
    assert [o.status for o in Order.objects.order_by("id")] == ["closed", "canceled", "canceled"]

    settings.EVENT_TRANSPORT = "tests.support.transports.TwiceTransport"
    twice = story_from_scratch(shop)

    assert twice == once


def test_waking_every_group_again_applies_nothing_again(shop, as_alice, as_seller):
    the_whole_story(shop, poster(as_alice), poster(as_seller))
    before = snapshot()
    positions = sorted(Checkpoint.objects.values_list("group", "txid", "event"))

    reports = [catch_up(group.name) for group in groups()]

    assert [report.applied for report in reports] == [0] * len(reports), "each group's checkpoint says where it is"
    assert snapshot() == before
    assert sorted(Checkpoint.objects.values_list("group", "txid", "event")) == positions


def test_every_group_replaying_the_whole_log_changes_nothing(shop, as_alice, as_seller):
    """A checkpoint lost (restored from an old backup): every event is applied a second time."""
    the_whole_story(shop, poster(as_alice), poster(as_seller))
    before = snapshot()

    Checkpoint.objects.update(txid=0, event=0)
    reports = [catch_up(group.name) for group in groups()]

    assert sum(report.applied for report in reports) > StoredEvent.objects.count()
    assert snapshot() == before


def test_handlers_are_idempotent_even_without_the_inbox(shop, as_alice, as_seller):
    """The checkpoint is the first guard; each handler's own checks are the second."""
    the_whole_story(shop, poster(as_alice), poster(as_seller))
    before = snapshot()

    for stored in StoredEvent.objects.order_by("id"):
        event = codec.from_outbox(stored)
        for subscription in subscriptions_for(type(event)):
            subscription.handler(event)

    assert snapshot() == before
