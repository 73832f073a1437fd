"""How each event changes an order's row. Pure and order-independent: every field only moves forward
(by rank), so the same events in any order, any number of times, give the same row."""

from __future__ import annotations

from deliveries.events import DeliveryStarted
from orders.events import OrderCanceled, OrderClosed, OrderPlaced
from orderview.models import OrderStatusView
from payments.events import PayCanceled, PayChecked, PayPlaced
from products.events import QtyDecreased
from shop.eventbus.events import DomainEvent
from shop.order_status import ORDER_STEPS, OrderStatus

PROJECTED_EVENTS = (
    OrderPlaced,
    PayPlaced,
    PayChecked,
    PayCanceled,
    QtyDecreased,
    DeliveryStarted,
    OrderClosed,
    OrderCanceled,
)

_STATUS_RANK = {status: rank for rank, status in enumerate(ORDER_STEPS)} | {OrderStatus.CANCELED: len(ORDER_STEPS)}
_PAYMENT_RANK = {None: 0, "pending": 1, "confirmed": 2, "canceled": 2}
_DELIVERY_RANK = {None: 0, "started": 1, "completed": 2}


def _forward(current, new, ranks):
    return new if ranks[new] > ranks[current] else current


def apply_event(row: OrderStatusView, event: DomainEvent) -> None:
    status = None
    match event:
        case OrderPlaced():
            row.customer_id = event.customer_id
            row.items = [
                {"product_id": i["product_id"], "product_name": i["product_name"], "quantity": i["quantity"]}
                for i in event.items
            ]
            row.total = event.total
            row.placed_at = event.occurred_at
            status = OrderStatus.PLACED
        case PayPlaced():
            row.payment_status = _forward(row.payment_status, "pending", _PAYMENT_RANK)
            status = OrderStatus.AWAITING_DEPOSIT
        case PayChecked():
            row.payment_status = _forward(row.payment_status, "confirmed", _PAYMENT_RANK)
            status = OrderStatus.DEPOSIT_CONFIRMED
        case PayCanceled():
            row.payment_status = _forward(row.payment_status, "canceled", _PAYMENT_RANK)
        case QtyDecreased():
            status = OrderStatus.PREPARING
        case DeliveryStarted():
            row.delivery_status = _forward(row.delivery_status, "started", _DELIVERY_RANK)
            status = OrderStatus.SHIPPING
        case OrderClosed():
            row.delivery_status = _forward(row.delivery_status, "completed", _DELIVERY_RANK)
            status = OrderStatus.CLOSED
        case OrderCanceled():
            row.cancel_reason = event.reason
            status = OrderStatus.CANCELED
        case _:
            raise TypeError(f"the order status view does not project {event.type_name()}")
    if status is not None:
        row.status = _forward(row.status, status, _STATUS_RANK)
    if row.updated_at is None or event.occurred_at > row.updated_at:
        row.updated_at = event.occurred_at
