"""A subscription's name keys the dead letters (and, before the checkpoints, the inbox) of every database the
shop runs on, so the names stay as released. Renaming one takes a migration of those rows (as
orders/migrations/0003 did); then update this list."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from eventbus.consumer import catch_up
from eventbus.models import Checkpoint
from eventbus.subscriptions import all_subscriptions, groups

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
    "orderview.handlers.project:RefundDue",
    "orderview.handlers.project:RefundPaid",
    "payments.handlers.create_payment_when_order_placed:OrderPlaced",
]


def test_the_subscription_names_are_those_released():
    assert sorted(subscription.name for subscription in all_subscriptions()) == RELEASED


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


def back_to_the_newest() -> None:
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def models_at(executor: MigrationExecutor, targets):
    """The models as these migrations left them (today's models may have columns the database lacks)."""
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_inbox_and_dead_letters_of_the_old_step_handlers_follow_their_new_name():
    before = [("orders", "0002_cancel_reason_choices"), ("eventbus", "0002_completion_and_dead_letters")]
    after = [("orders", "0003_rename_step_subscriptions"), ("eventbus", "0002_completion_and_dead_letters")]
    old_models = models_at(migrate(before), before)
    old = "orders.handlers.ship_when_delivery_started:DeliveryStarted"
    event_id = "7d1f0c1e-0000-4000-8000-000000000002"
    old_models.get_model("eventbus", "ProcessedEvent").objects.create(subscription=old, event_id=event_id)
    old_models.get_model("eventbus", "DeadLetter").objects.create(
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
        new_models = models_at(migrate(after), after)
        new = "orders.handlers.record_step_when_reported:DeliveryStarted"
        for model in ("ProcessedEvent", "DeadLetter"):
            rows = new_models.get_model("eventbus", model).objects
            assert list(rows.values_list("subscription", flat=True)) == [new]
    finally:
        back_to_the_newest()


@pytest.mark.django_db(transaction=True)
def test_the_groups_start_where_the_inbox_left_off():
    """Upgrading from the inbox: each group starts after the last event that every subscription had processed,
    so the events still on their way are applied by the groups, and none of the older ones again."""
    before = [("orders", "0003_rename_step_subscriptions"), ("eventbus", "0002_completion_and_dead_letters")]
    old_models = models_at(migrate(before), before)
    events = old_models.get_model("eventbus", "StoredEvent").objects
    now = timezone.now()
    rows = [
        events.create(
            event_id=f"7d1f0c1e-0000-4000-8000-00000000001{n}",
            event_type="OrderPlaced",
            order_id=n,
            occurred_at=now,
            payload={"customer_id": 1, "items": [], "total": 0, "shipping_address": "서울", "depositor_name": "앨"},
            dispatched_at=now,
            completed_at=now if complete else None,
        )
        for n, complete in enumerate([True, True, False, True])
    ]
    try:
        back_to_the_newest()
        positions = set(Checkpoint.objects.values_list("group", "event"))
        assert positions == {(group.name, rows[1].pk) for group in groups()}
        assert catch_up("orderview").applied == 2, "the incomplete event and the one after it"
    finally:
        back_to_the_newest()
