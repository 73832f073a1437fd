"""What deliveries does when other contexts' events arrive. Each handler calls one service."""

from deliveries import services
from eventbus.subscriptions import subscribe
from orders.events import OrderCanceled, OrderClosed, OrderPlaced
from products.events import QtyDecreased


def register_address_when_order_placed(event: OrderPlaced) -> None:
    services.delivery_register_address(order_id=event.order_id, shipping_address=event.shipping_address)


def start_delivery_when_qty_decreased(event: QtyDecreased) -> None:
    services.delivery_start(order_id=event.order_id)


def complete_delivery_when_order_closed(event: OrderClosed) -> None:
    services.delivery_complete(order_id=event.order_id, at=event.occurred_at)


def cancel_delivery_when_order_canceled(event: OrderCanceled) -> None:
    services.delivery_cancel(order_id=event.order_id)


def connect() -> None:
    subscribe(OrderPlaced, register_address_when_order_placed, queue="deliveries")
    subscribe(QtyDecreased, start_delivery_when_qty_decreased, queue="deliveries")
    subscribe(OrderClosed, complete_delivery_when_order_closed, queue="deliveries")
    subscribe(OrderCanceled, cancel_delivery_when_order_canceled, queue="deliveries")
