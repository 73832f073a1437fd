"""The payments context's door for synchronous callers (orders). Plain data only."""

from __future__ import annotations

from payments import services
from payments.services import PaymentNotPending

__all__ = ["PaymentNotPending", "payment_cancel_for_order", "payments_forget_depositor"]


def payment_cancel_for_order(
    *, order_id: int, reason: str, canceled_by: dict, amount: int, depositor_name: str
) -> None:
    """Cancels the order's payment inside the caller's transaction, holding the payment row's lock.

    Raises PaymentNotPending (a Conflict) when the deposit is already confirmed or the payment canceled.
    `canceled_by` is an actor (audit/actors.py); `amount` and `depositor_name` describe the payment to leave
    behind if none exists yet.
    """
    services.payment_cancel_for_order(
        order_id=order_id,
        reason=reason,
        canceled_by=canceled_by,
        amount=amount,
        depositor_name=depositor_name,
    )


def payments_forget_depositor(*, order_ids: list[int]) -> int:
    """Forgets the depositor's name on the payments of these orders; returns how many."""
    return services.payments_forget_depositor(order_ids=order_ids)
