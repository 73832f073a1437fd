"""The only writes to the read model: applying one event, and rebuilding from the recorded events."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

from eventbus.bus import recorded_events
from eventbus.events import DomainEvent
from orderview.models import OrderStatusView
from orderview.projection import PROJECTED_EVENTS, apply_event


@transaction.atomic
def orderview_apply(event: DomainEvent) -> OrderStatusView:
    row = OrderStatusView.objects.select_for_update().filter(order_id=event.order_id).first()
    if row is None:
        row = OrderStatusView(order_id=event.order_id)
        apply_event(row, event)
        # Another event of the same order may create the row at the same moment: then lock it and merge.
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            return row
        except IntegrityError:
            row = OrderStatusView.objects.select_for_update().get(order_id=event.order_id)
    apply_event(row, event)
    row.save()
    return row


@transaction.atomic
def orderview_rebuild() -> int:
    """Throws the read model away and replays every recorded event into it. Returns the number of rows.

    On PostgreSQL the table is locked meanwhile, so events handled during the rebuild wait for it and are
    merged afterwards (merging an event twice changes nothing).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {OrderStatusView._meta.db_table} IN EXCLUSIVE MODE")
    OrderStatusView.objects.all().delete()
    rows: dict[int, OrderStatusView] = {}
    for event in recorded_events(event_types=[event_type.type_name() for event_type in PROJECTED_EVENTS]):
        row = rows.setdefault(event.order_id, OrderStatusView(order_id=event.order_id))
        apply_event(row, event)
    OrderStatusView.objects.bulk_create(rows.values(), batch_size=1000)
    return len(rows)
