"""The payments context's door for synchronous callers (orders, deposits). Plain data only."""

from __future__ import annotations

from collections.abc import Iterable

from payments import services
from payments.services import AmountMismatch, PaymentNotPending, RefundNotDue

__all__ = [
    "AmountMismatch",
    "PaymentNotPending",
    "RefundNotDue",
    "payment_cancel_for_order",
    "payment_take_deposit",
    "payments_confirm_from_statement",
    "payments_forget_depositor",
    "payments_lock_pending_for_depositors",
    "payments_pending_with_amount",
    "refund_set_account",
]


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


def payments_lock_pending_for_depositors(*, depositor_names: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """For each name, (order_id, amount) of the pending payments whose depositor's name matches it, oldest
    first, locked until the caller's transaction ends: nobody else confirms or cancels them meanwhile."""
    return services.payments_lock_pending_for_depositors(depositor_names=depositor_names)


def payments_confirm_from_statement(*, matches: list[tuple[int, str]]) -> dict[int, str]:
    """Confirms the deposits of these (order_id, transaction_id) pairs as lines of the bank statement (named
    in the audit trail), in this order, inside the caller's transaction. Returns each payment's status after
    it: `confirmed`, or `canceled` when the stock was short (a refund is then due); a payment no longer
    pending stays as it was."""
    return services.payments_confirm_from_statement(matches=matches)


def payment_take_deposit(*, order_id: int, amount: int, taken_by) -> str:
    """A deposit the seller matched by hand to the order (services.payment_take_deposit); returns the
    payment's status after it. Raises NotFound, or AmountMismatch for a pending payment of another amount."""
    return services.payment_take_deposit(order_id=order_id, amount=amount, taken_by=taken_by).status


def refund_set_account(*, order_id: int, bank: str, account_number: str, holder: str) -> dict:
    """The customer's refund account for the order's refunds still due. Raises RefundNotDue (a Conflict)
    unless one is due, InvalidInput for an account number that is not one."""
    return services.refund_set_account(order_id=order_id, bank=bank, account_number=account_number, holder=holder)


def payments_pending_with_amount(*, amount: int) -> list[dict]:
    """{order_id, depositor_name, deposit_due_at} of the pending payments awaiting exactly `amount` (a few)."""
    return services.payments_pending_with_amount(amount=amount)
