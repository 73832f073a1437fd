"""How each event changes an order's row, read off the order's lifecycle (orders/lifecycle.py). Pure and
order-independent: every column only moves forward (by rank), so the same events in any order, any number
of times, give the same row."""

from __future__ import annotations

from datetime import datetime

from eventbus.events import DomainEvent
from orders import lifecycle
from orders.events import OrderCanceled, OrderPlaced
from orderview.models import OrderStatusView
from payments.events import PayPlaced

PROJECTED_EVENTS = lifecycle.EVENTS


def _forward(current, new, ranks):
    return new if ranks[new] > ranks[current] else current


def apply_event(row: OrderStatusView, event: DomainEvent) -> None:
    event_type = type(event)
    if event_type not in PROJECTED_EVENTS:
        raise TypeError(f"the order status view does not project {event.type_name()}")
    if isinstance(event, OrderPlaced):
        row.customer_id = event.customer_id
        row.items = [
            {"product_id": i["product_id"], "product_name": i["product_name"], "quantity": i["quantity"]}
            for i in event.items
        ]
        row.total = event.total
        row.placed_at = event.occurred_at
    if isinstance(event, (OrderPlaced, PayPlaced)) and event.deposit_due_at:
        row.deposit_due_at = datetime.fromisoformat(event.deposit_due_at)
    if isinstance(event, OrderCanceled):
        row.cancel_reason = event.reason
    if (status := lifecycle.status_reached_by(event_type)) is not None:
        row.status = _forward(row.status, status, lifecycle.STATUS_RANK)
    if (payment := lifecycle.PAYMENT_STATUS_AFTER.get(event_type)) is not None:
        row.payment_status = _forward(row.payment_status, payment, lifecycle.PAYMENT_RANK)
    if (delivery := lifecycle.DELIVERY_STATUS_AFTER.get(event_type)) is not None:
        row.delivery_status = _forward(row.delivery_status, delivery, lifecycle.DELIVERY_RANK)
    if (refund := lifecycle.REFUND_STATUS_AFTER.get(event_type)) is not None:
        row.refund_status = _forward(row.refund_status, refund, lifecycle.REFUND_RANK)
    if row.updated_at is None or event.occurred_at > row.updated_at:
        row.updated_at = event.occurred_at
