"""What orders does when other contexts' events arrive. Each handler calls one service."""

from deliveries.events import DeliveryStarted
from orders import services
from orders.models import Order
from payments.events import PayCanceled, PayChecked, PayPlaced
from products.events import QtyDecreased
from shop.eventbus.bus import subscribe


def await_deposit_when_pay_placed(event: PayPlaced) -> None:
    services.order_record_step(order_id=event.order_id, step=Order.Status.AWAITING_DEPOSIT)


def confirm_deposit_when_pay_checked(event: PayChecked) -> None:
    services.order_record_step(order_id=event.order_id, step=Order.Status.DEPOSIT_CONFIRMED)


def prepare_when_qty_decreased(event: QtyDecreased) -> None:
    services.order_record_step(order_id=event.order_id, step=Order.Status.PREPARING)


def ship_when_delivery_started(event: DeliveryStarted) -> None:
    services.order_record_step(order_id=event.order_id, step=Order.Status.SHIPPING)


def cancel_order_when_pay_canceled(event: PayCanceled) -> None:
    services.order_cancel_after_payment_canceled(order_id=event.order_id, reason=event.reason)


def connect() -> None:
    subscribe(PayPlaced, await_deposit_when_pay_placed, queue="orders")
    subscribe(PayChecked, confirm_deposit_when_pay_checked, queue="orders")
    subscribe(QtyDecreased, prepare_when_qty_decreased, queue="orders")
    subscribe(DeliveryStarted, ship_when_delivery_started, queue="orders")
    subscribe(PayCanceled, cancel_order_when_pay_canceled, queue="orders")
