"""An order's life in one table: its steps in order, the event that reaches each, and what the order's payment
and delivery show after each event.

Both sides derive from it: the orders context (its handlers subscribe to the reported steps, its state machine
walks the same path) and the read model (orderview/projection.py). tests/orders/test_lifecycle.py holds
the two to the table for every event.
"""

from __future__ import annotations

import dataclasses

from django.db import models
from django.utils.translation import pgettext_lazy

from deliveries.events import DeliveryStarted, DeliveryStatus
from eventbus.events import DomainEvent
from orders.events import OrderCanceled, OrderClosed, OrderPlaced
from payments.events import PayCanceled, PayChecked, PaymentStatus, PayPlaced, RefundDue, RefundPaid, RefundStatus
from products.events import QtyDecreased


class OrderStatus(models.TextChoices):
    PLACED = "placed", pgettext_lazy("order status", "Order placed")
    AWAITING_DEPOSIT = "awaiting_deposit", pgettext_lazy("order status", "Awaiting deposit")
    DEPOSIT_CONFIRMED = "deposit_confirmed", pgettext_lazy("order status", "Deposit confirmed")
    PREPARING = "preparing", pgettext_lazy("order status", "Preparing")
    SHIPPING = "shipping", pgettext_lazy("order status", "Shipping")
    CLOSED = "closed", pgettext_lazy("order status", "Receipt confirmed")
    CANCELED = "canceled", pgettext_lazy("order status", "Canceled")


@dataclasses.dataclass(frozen=True)
class Step:
    status: OrderStatus
    reached_by: type[DomainEvent]
    # True: another context reports the step by its event, and the orders context records it (orders/handlers.py).
    # False: the order takes the step itself, in the service that publishes the event (placing, receipt, cancel).
    reported: bool


# The forward path. Events may arrive late or out of order, so a step may be reached from any step before
# it, and a step already passed is never gone back to.
STEPS = (
    Step(OrderStatus.PLACED, OrderPlaced, reported=False),
    Step(OrderStatus.AWAITING_DEPOSIT, PayPlaced, reported=True),
    Step(OrderStatus.DEPOSIT_CONFIRMED, PayChecked, reported=True),
    Step(OrderStatus.PREPARING, QtyDecreased, reported=True),
    Step(OrderStatus.SHIPPING, DeliveryStarted, reported=True),
    Step(OrderStatus.CLOSED, OrderClosed, reported=False),
)
REPORTED = frozenset(step.status for step in STEPS if step.reported)
# The steps the shop leaves by itself, with nobody to act: the payment opens, the stock is taken, the parcel
# starts. An order that sits in one longer than SAGA_STUCK_AFTER is stuck (orders.selectors.orders_stuck).
# (awaiting_deposit waits for the customer's transfer, shipping for the customer's receipt.)
LEFT_BY_THE_SAGA = frozenset({OrderStatus.PLACED, OrderStatus.DEPOSIT_CONFIRMED, OrderStatus.PREPARING})

# Canceled ends every path: by the customer, or by compensation when the payment was canceled (the order's
# state machine allows it only until the deposit is confirmed).
CANCELED = Step(OrderStatus.CANCELED, OrderCanceled, reported=False)

# What the order's payment and delivery show after each event (null before the first of them).
PAYMENT_STATUS_AFTER = {
    PayPlaced: PaymentStatus.PENDING,
    PayChecked: PaymentStatus.CONFIRMED,
    PayCanceled: PaymentStatus.CANCELED,
}
DELIVERY_STATUS_AFTER = {
    DeliveryStarted: DeliveryStatus.STARTED,
    OrderClosed: DeliveryStatus.COMPLETED,
}
# And its refund, when the shop received money for it that it must give back (an order may have several: the
# read model shows the furthest step any of them reached).
REFUND_STATUS_AFTER = {
    RefundDue: RefundStatus.DUE,
    RefundPaid: RefundStatus.PAID,
}

# Every event that tells something about an order, in the order of the path.
EVENTS: tuple[type[DomainEvent], ...] = tuple(
    dict.fromkeys(
        [
            *(step.reached_by for step in (*STEPS, CANCELED)),
            *PAYMENT_STATUS_AFTER,
            *DELIVERY_STATUS_AFTER,
            *REFUND_STATUS_AFTER,
        ]
    )
)

_STATUS_BY_EVENT = {step.reached_by: step.status for step in (*STEPS, CANCELED)}
# Ranks: a status only ever moves to a higher one. Confirmed and canceled both end a payment.
STATUS_RANK = {step.status: rank for rank, step in enumerate((*STEPS, CANCELED))}
PAYMENT_RANK = {None: 0, PaymentStatus.PENDING: 1, PaymentStatus.CONFIRMED: 2, PaymentStatus.CANCELED: 2}
DELIVERY_RANK = {None: 0, DeliveryStatus.STARTED: 1, DeliveryStatus.COMPLETED: 2}
REFUND_RANK = {None: 0, RefundStatus.DUE: 1, RefundStatus.PAID: 2}


def status_reached_by(event_type: type[DomainEvent]) -> OrderStatus | None:
    """The order status that `event_type` reaches; None for an event that reaches none by itself
    (PayCanceled: the order is canceled by the OrderCanceled that follows it)."""
    return _STATUS_BY_EVENT.get(event_type)


def has_reached(status: str, step: OrderStatus) -> bool:
    """Whether an order in `status` is at `step` or past it on the forward path (never when canceled)."""
    return status != OrderStatus.CANCELED and STATUS_RANK[status] >= STATUS_RANK[step]
