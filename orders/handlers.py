"""What orders does when other contexts' events arrive. Each handler calls one service."""

from collections.abc import Sequence

from eventbus.events import DomainEvent
from eventbus.subscriptions import subscribe
from orders import lifecycle, services
from payments.events import PayCanceled


def record_step_when_reported(event: DomainEvent) -> None:
    services.order_record_step(order_id=event.order_id, step=lifecycle.status_reached_by(type(event)))


def record_steps_when_reported(events: Sequence[DomainEvent]) -> None:
    """The same for a page of events: one read and one update of their orders."""
    services.orders_record_steps([(event.order_id, lifecycle.status_reached_by(type(event))) for event in events])


def cancel_order_when_pay_canceled(event: PayCanceled) -> None:
    services.order_cancel_after_payment_canceled(order_id=event.order_id, reason=event.reason)


def connect() -> None:
    for step in lifecycle.STEPS:
        if step.reported:
            subscribe(
                step.reached_by, record_step_when_reported, queue="orders", batch_handler=record_steps_when_reported
            )
    subscribe(PayCanceled, cancel_order_when_pay_canceled, queue="orders")
