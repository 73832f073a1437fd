"""What payments does when other contexts' events arrive. Each handler calls one service."""

from datetime import datetime

from eventbus.subscriptions import subscribe
from orders.events import OrderPlaced
from payments import services


def create_payment_when_order_placed(event: OrderPlaced) -> None:
    services.payment_open_for_order(
        order_id=event.order_id,
        amount=event.total,
        depositor_name=event.depositor_name,
        lines=[{"product_id": item["product_id"], "quantity": item["quantity"]} for item in event.items],
        deposit_due_at=datetime.fromisoformat(event.deposit_due_at) if event.deposit_due_at else None,
    )


def connect() -> None:
    subscribe(OrderPlaced, create_payment_when_order_placed, queue="payments")
