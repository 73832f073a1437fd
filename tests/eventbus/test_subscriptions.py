"""A subscription's name keys the inbox and the dead letters of every database the shop runs on, so the names
stay as released. Renaming one takes a migration of those rows (as orders/migrations/0003 did); then update
this list."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from eventbus.models import DeadLetter, ProcessedEvent
from eventbus.subscriptions import all_subscriptions

RELEASED = [
    "deliveries.handlers.cancel_delivery_when_order_canceled:OrderCanceled",
    "deliveries.handlers.complete_delivery_when_order_closed:OrderClosed",
    "deliveries.handlers.register_address_when_order_placed:OrderPlaced",
    "deliveries.handlers.start_delivery_when_qty_decreased:QtyDecreased",
    "orders.handlers.cancel_order_when_pay_canceled:PayCanceled",
    "orders.handlers.record_step_when_reported:DeliveryStarted",
    "orders.handlers.record_step_when_reported:PayChecked",
    "orders.handlers.record_step_when_reported:PayPlaced",
    "orders.handlers.record_step_when_reported:QtyDecreased",
    "orderview.handlers.project:DeliveryStarted",
    "orderview.handlers.project:OrderCanceled",
    "orderview.handlers.project:OrderClosed",
    "orderview.handlers.project:OrderPlaced",
    "orderview.handlers.project:PayCanceled",
    "orderview.handlers.project:PayChecked",
    "orderview.handlers.project:PayPlaced",
    "orderview.handlers.project:QtyDecreased",
    "payments.handlers.create_payment_when_order_placed:OrderPlaced",
]


def test_the_subscription_names_are_those_released():
    assert sorted(subscription.name for subscription in all_subscriptions()) == RELEASED


@pytest.mark.django_db(transaction=True)
def test_the_inbox_and_dead_letters_of_the_old_step_handlers_follow_their_new_name():
    before, after = [("orders", "0002_cancel_reason_choices")], [("orders", "0003_rename_step_subscriptions")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = "orders.handlers.ship_when_delivery_started:DeliveryStarted"
    event_id = "7d1f0c1e-0000-4000-8000-000000000002"
    ProcessedEvent.objects.create(subscription=old, event_id=event_id)
    DeadLetter.objects.create(
        subscription=old,
        event_id=event_id,
        event_type="DeliveryStarted",
        order_id=1,
        message={},
        error="TimeoutError",
        attempts=5,
        parked_at=timezone.now(),
    )
    try:
        MigrationExecutor(connection).migrate(after)
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    new = "orders.handlers.record_step_when_reported:DeliveryStarted"
    assert list(ProcessedEvent.objects.values_list("subscription", flat=True)) == [new]
    assert list(DeadLetter.objects.values_list("subscription", flat=True)) == [new]
