"""The only writes to the read model: applying events (one row per order per page, whatever the number of its
events), and rebuilding from the recorded events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from eventbus import consumer
from eventbus.events import DomainEvent
from orderview.models import OrderStatusView
from orderview.projection import PROJECTED_EVENTS, apply_event

GROUP = "orderview"  # its subscriptions' queue (orderview/handlers.py)

_COLUMNS = [f.name for f in OrderStatusView._meta.concrete_fields if not f.primary_key]


def orderview_apply(events: Sequence[DomainEvent]) -> None:
    """Applies the events to their orders' rows: one read of the rows, one upsert of them. Runs under the
    group's checkpoint lock (the consumer's, a dead letter's retry, the rebuild), so no other writer races it."""
    for event in events:
        if type(event) not in PROJECTED_EVENTS:
            raise TypeError(f"the order status view does not project {event.type_name()}")
    order_ids = {event.order_id for event in events}
    rows = {row.order_id: row for row in OrderStatusView.objects.filter(order_id__in=order_ids)}
    for event in events:
        apply_event(rows.setdefault(event.order_id, OrderStatusView(order_id=event.order_id)), event)
    OrderStatusView.objects.bulk_create(
        rows.values(), update_conflicts=True, unique_fields=["order_id"], update_fields=_COLUMNS
    )


def orderview_rebuild() -> int:
    """Throws the read model away and replays every recorded event into it, in one transaction with the
    group's checkpoint (eventbus.consumer.rebuild). Returns the number of rows."""
    built: dict[int, OrderStatusView] = {}

    def replay(events: Iterable[DomainEvent]) -> None:
        for event in events:
            apply_event(built.setdefault(event.order_id, OrderStatusView(order_id=event.order_id)), event)
        OrderStatusView.objects.bulk_create(built.values(), batch_size=1000)

    consumer.rebuild(GROUP, reset=lambda: OrderStatusView.objects.all().delete(), apply=replay)
    return len(built)
