"""Every write to payments. Confirmation and cancellation both lock the payment row, so for one order
exactly one of them can win."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actors import actor, bank_statement_actor, operator_actor, system_actor
from eventbus.bus import publish
from payments.events import PayCanceled, PayChecked, PayPlaced, RefundDue, RefundPaid
from payments.models import Payment, Refund
from payments.names import depositor_key
from products import public as products
from shop.breakers import STOCK, guarded
from shop.errors import Conflict, DomainError, InvalidInput, NotFound
from shop.personal_data import FORGOTTEN
from shop.rows import update_rows

logger = logging.getLogger(__name__)


class PaymentNotPending(Conflict):
    """The payment was confirmed or canceled already. `code`: `deposit_confirmed` or `already_canceled`."""

    CODES = {Payment.Status.CONFIRMED: "deposit_confirmed", Payment.Status.CANCELED: "already_canceled"}

    def __init__(self, payment: Payment) -> None:
        super().__init__(
            _("The payment of order %(id)s is %(status)s, not pending.")
            % {"id": payment.order_id, "status": payment.get_status_display()},
            code=self.CODES[payment.status],
        )


@transaction.atomic
def payment_open_for_order(
    *,
    order_id: int,
    amount: int,
    depositor_name: str,
    lines: list[dict[str, int]],
    deposit_due_at: datetime | None = None,
) -> Payment | None:
    """Opens the pending payment of a newly placed order, due by `deposit_due_at`. None when the order already
    has a payment: a replay of OrderPlaced, or a customer's cancel that arrived first and left a canceled one."""
    payment, created = Payment.objects.get_or_create(
        order_id=order_id,
        defaults={
            "amount": amount,
            "depositor_name": depositor_name,
            "depositor_key": depositor_key(depositor_name),
            "bank_account": settings.BANK_ACCOUNT,
            "lines": lines,
            "deposit_due_at": deposit_due_at,
        },
    )
    if not created:
        return None
    publish(
        PayPlaced(
            order_id=order_id,
            amount=amount,
            bank_account=payment.bank_account,
            deposit_due_at=deposit_due_at.isoformat() if deposit_due_at else None,
        )
    )
    return payment


@transaction.atomic
def payment_confirm_deposit(*, order_id: int, confirmed_by=None, by: dict | None = None) -> Payment:
    """The money arrived. Takes the stock synchronously; when it is short, the payment is canceled instead
    (`out_of_stock`), PayCanceled makes the order cancel itself (compensation), and the money received is a
    refund due. The stock call goes through a circuit breaker: while it keeps failing, ServiceUnavailable is
    raised and the payment stays pending. `confirmed_by` is the seller; `by` an actor for whoever else
    confirms (a bank statement's line); with neither, an operator at a shell."""
    payment = _lock_payment(order_id)
    if payment.status != Payment.Status.PENDING:
        raise PaymentNotPending(payment)
    return _confirm_locked(payment, confirmed_by=confirmed_by, by=by)


def _lock_payment(order_id: int) -> Payment:
    payment = Payment.objects.select_for_update().filter(order_id=order_id).first()
    if payment is None:
        raise NotFound(_("Order %(id)s has no payment (yet).") % {"id": order_id})
    return payment


def _confirm_locked(payment: Payment, *, confirmed_by=None, by: dict | None = None) -> Payment:
    """payment_confirm_deposit on a pending payment whose row the caller holds locked."""
    _confirm_all_locked([payment], [by or (actor(confirmed_by) if confirmed_by else operator_actor())], confirmed_by)
    return payment


def _confirm_all_locked(payments: list[Payment], actors: list[dict], confirmed_by=None) -> None:
    """Confirms pending payments whose rows the caller holds locked, each as done by its actor, in a number of
    statements that does not grow with them: every payment's stock is taken in one go (the orders in the
    order given), and each payment whose stock was short is canceled (`out_of_stock`) with a refund due."""
    now = timezone.now()
    short = guarded(
        STOCK,
        products.stock_decrease_for_orders,
        [(p.order_id, [(line["product_id"], line["quantity"]) for line in p.lines]) for p in payments],
    )
    events, refunds = [], []
    for payment, who in zip(payments, actors, strict=True):
        if payment.order_id in short:
            payment.cancel(reason=Payment.CancelReason.OUT_OF_STOCK, by_id=None, at=now)
            events.append(
                PayCanceled(
                    order_id=payment.order_id,
                    reason=Payment.CancelReason.OUT_OF_STOCK,
                    actor=system_actor(),
                    occurred_at=now,
                )
            )
            refunds.append((payment.order_id, payment.amount, Refund.Reason.OUT_OF_STOCK))
        else:
            payment.confirm(by_id=confirmed_by.pk if confirmed_by else None, at=now)
            events.append(PayChecked(order_id=payment.order_id, amount=payment.amount, actor=who, occurred_at=now))
    update_rows(payments, ["status", "confirmed_at", "confirmed_by", "canceled_at", "canceled_by", "cancel_reason"])
    publish(*events)
    refunds_open(refunds)


class AmountMismatch(Conflict):
    """A deposit matched by hand to a pending payment of another amount."""

    def __init__(self, payment: Payment, amount: int) -> None:
        super().__init__(
            _("Order %(id)s awaits %(expected)s won, not %(amount)s won.")
            % {"id": payment.order_id, "expected": f"{payment.amount:,}", "amount": f"{amount:,}"},
            code="amount_mismatch",
        )


@transaction.atomic
def payment_take_deposit(*, order_id: int, amount: int, taken_by) -> Payment:
    """A deposit the seller matched by hand to an order, under the payment row's lock: it confirms a pending
    payment of the same amount (as payment_confirm_deposit), and makes a refund due when the order's payment
    is canceled (`order_canceled`) or already confirmed (`duplicate_deposit`). Conflict (AmountMismatch) for
    a pending payment of another amount; NotFound when the order has no payment."""
    payment = _lock_payment(order_id)
    if payment.status == Payment.Status.PENDING:
        if payment.amount != amount:
            raise AmountMismatch(payment, amount)
        return _confirm_locked(payment, confirmed_by=taken_by)
    reason = (
        Refund.Reason.ORDER_CANCELED if payment.status == Payment.Status.CANCELED else Refund.Reason.DUPLICATE_DEPOSIT
    )
    refund_open(order_id=order_id, amount=amount, reason=reason)
    return payment


def payments_lock_pending_for_depositors(*, depositor_names: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """For each name, (order_id, amount) of the pending payments whose depositor's name matches it
    (payments.names), oldest first. The rows stay locked until the caller's transaction ends, so nobody else
    confirms, cancels or expires them meanwhile; a payment confirmed by someone else while this waited for its
    lock is not pending any more, and is left out."""
    keys = {name: depositor_key(name) for name in depositor_names}
    pending = (
        Payment.objects.select_for_update()
        .filter(status=Payment.Status.PENDING, depositor_key__in={key for key in keys.values() if key})
        .order_by("order_id")
        .values_list("depositor_key", "order_id", "amount")
    )
    by_key: dict[str, list[tuple[int, int]]] = {}
    for key, order_id, amount in pending:
        by_key.setdefault(key, []).append((order_id, amount))
    return {name: by_key.get(key, []) for name, key in keys.items()}


def payments_confirm_from_statement(*, matches: list[tuple[int, str]]) -> dict[int, str]:
    """Confirms the payments of these (order_id, transaction_id) pairs, in this order, each as the bank
    statement's line of that transaction id (named in the audit trail), inside the caller's transaction.
    Returns each order's payment status after it: `confirmed`, or `canceled` when the stock was short (a
    refund is then due); a payment that was not pending any more stays as it was."""
    line_of = dict(matches)
    position = {order_id: n for n, (order_id, _line) in enumerate(matches)}
    locked = list(Payment.objects.select_for_update().filter(order_id__in=line_of).order_by("order_id"))
    pending = sorted((p for p in locked if p.status == Payment.Status.PENDING), key=lambda p: position[p.order_id])
    if pending:
        _confirm_all_locked(pending, [bank_statement_actor(line_of[p.order_id]) for p in pending])
    return {p.order_id: p.status for p in locked}


def payments_pending_with_amount(*, amount: int, limit: int = 20) -> list[dict]:
    """The pending payments awaiting exactly `amount`, oldest first: the orders a deposit may be for."""
    pending = Payment.objects.filter(status=Payment.Status.PENDING, amount=amount).order_by("order_id")
    return list(pending.values("order_id", "depositor_name", "deposit_due_at")[:limit])


def payments_expire_unpaid(*, now: datetime | None = None) -> list[Payment]:
    """Cancels every payment still pending after its deadline (`deposit_expired`); PayCanceled cancels its
    order by compensation. Each in its own transaction under the payment row's lock, so a confirmation at the
    same moment and any other expiry running at once see it as it is: exactly one of them wins. A payment
    whose row stays locked past the lock timeout is left to the next run."""
    now = now or timezone.now()
    due = Payment.objects.filter(status=Payment.Status.PENDING, deposit_due_at__lt=now)
    expired = []
    for order_id in due.order_by("deposit_due_at", "order_id").values_list("order_id", flat=True):
        try:
            payment = _payment_expire(order_id=order_id, due_before=now)
        except OperationalError as error:  # a lock held past the lock timeout: the next run tries again
            logger.warning("payment of order %s not expired this time: %s", order_id, error)
            continue
        if payment is not None:
            expired.append(payment)
    return expired


@transaction.atomic
def _payment_expire(*, order_id: int, due_before: datetime) -> Payment | None:
    payment = Payment.objects.select_for_update().filter(order_id=order_id).first()
    if payment is None or payment.status != Payment.Status.PENDING or not payment.deposit_due_at:
        return None
    if payment.deposit_due_at >= due_before:
        return None
    now = timezone.now()
    payment.cancel(reason=Payment.CancelReason.DEPOSIT_EXPIRED, by_id=None, at=now)
    payment.save()
    publish(
        PayCanceled(
            order_id=order_id, reason=Payment.CancelReason.DEPOSIT_EXPIRED, actor=system_actor(), occurred_at=now
        )
    )
    return payment


def refund_open(*, order_id: int, amount: int, reason: str) -> None:
    """Records money owed back, inside the caller's transaction, and publishes RefundDue."""
    refunds_open([(order_id, amount, reason)])


def refunds_open(owed: list[tuple[int, int, str]]) -> None:
    """refund_open for several (order_id, amount, reason) at once, in two statements."""
    if not owed:
        return
    refunds = Refund.objects.bulk_create(
        Refund(order_id=order_id, amount=amount, reason=reason) for order_id, amount, reason in owed
    )
    publish(*(RefundDue(order_id=r.order_id, refund_id=r.pk, amount=r.amount, reason=r.reason) for r in refunds))


class RefundNotDue(Conflict):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="refund_not_due")


ACCOUNT_DIGITS = (10, 20)


@transaction.atomic
def refund_set_account(*, order_id: int, bank: str, account_number: str, holder: str) -> dict:
    """The customer's refund account for every refund of the order still due. Conflict (RefundNotDue) unless
    one is due; InvalidInput when the account number is not 10 to 20 digits (hyphens allowed)."""
    digits = account_number.replace("-", "")
    low, high = ACCOUNT_DIGITS
    if not digits.isascii() or not digits.isdigit() or not low <= len(digits) <= high:
        raise InvalidInput(
            {"account_number": [_("Digits and hyphens only, %(low)s to %(high)s digits.") % {"low": low, "high": high}]}
        )
    due = Refund.objects.filter(order_id=order_id, status=Refund.Status.DUE)
    if not due.update(bank=bank, account_number=account_number, holder=holder):
        raise RefundNotDue(_("Order %(id)s has no refund due.") % {"id": order_id})
    return {"bank": bank, "account_number": account_number, "holder": holder}


@transaction.atomic
def refund_mark_paid(*, refund_id: int, paid_by=None) -> Refund:
    """The seller paid the money back. Conflict when it is paid already."""
    refund = Refund.objects.select_for_update().filter(pk=refund_id).first()
    if refund is None:
        raise NotFound(_("No such refund."))
    if refund.status != Refund.Status.DUE:
        raise RefundNotDue(_("Refund %(id)s is paid already.") % {"id": refund_id})
    now = timezone.now()
    refund.mark_paid(by_id=paid_by.pk if paid_by else None, at=now)
    refund.save()
    who = actor(paid_by) if paid_by else operator_actor()
    publish(RefundPaid(order_id=refund.order_id, refund_id=refund.pk, amount=refund.amount, actor=who, occurred_at=now))
    return refund


def refunds_mark_paid(refund_ids: Iterable[int], *, paid_by=None) -> Iterator[tuple[int, bool, str]]:
    """Marks several refunds paid, each in its own transaction; says for each what happened (the admin's
    bulk action)."""
    for refund_id in refund_ids:
        try:
            refund = refund_mark_paid(refund_id=refund_id, paid_by=paid_by)
        except DomainError as refused:
            yield refund_id, False, refused.message
        else:
            yield (
                refund_id,
                True,
                _("Refund %(id)s of order %(order)s: %(amount)s won marked paid.")
                % {"id": refund.pk, "order": refund.order_id, "amount": f"{refund.amount:,}"},
            )


@transaction.atomic
def payment_cancel_for_order(
    *, order_id: int, reason: str, canceled_by: dict, amount: int, depositor_name: str
) -> Payment:
    """Cancels the order's payment, refusing once the deposit is confirmed. When the payment does not
    exist yet, a canceled one is left behind, so a late OrderPlaced opens nothing and a confirmation is 409."""
    payment, _created = Payment.objects.select_for_update().get_or_create(
        order_id=order_id,
        defaults={"amount": amount, "depositor_name": depositor_name, "bank_account": settings.BANK_ACCOUNT},
    )
    if payment.status != Payment.Status.PENDING:
        raise PaymentNotPending(payment)
    now = timezone.now()
    payment.cancel(reason=reason, by_id=canceled_by["user_id"], at=now)
    payment.save()
    publish(PayCanceled(order_id=order_id, reason=reason, actor=canceled_by, occurred_at=now))
    return payment


@dataclasses.dataclass(frozen=True)
class ConfirmOutcome:
    order_id: int
    confirmed: bool
    message: str


def payment_confirm_deposits(order_ids: Iterable[int], *, confirmed_by=None) -> Iterator[ConfirmOutcome]:
    """Confirms several deposits, each in its own transaction (one refusal never undoes the others), and
    says for each order what happened: the report of the admin action and of `confirm_deposit`."""
    for order_id in order_ids:
        try:
            payment = payment_confirm_deposit(order_id=order_id, confirmed_by=confirmed_by)
        except DomainError as refused:
            yield ConfirmOutcome(
                order_id, False, _("Order %(id)s: not confirmed: %(why)s") % {"id": order_id, "why": refused.message}
            )
            continue
        if payment.status == Payment.Status.CONFIRMED:
            yield ConfirmOutcome(order_id, True, _("Order %(id)s: deposit confirmed, stock taken.") % {"id": order_id})
        else:
            yield ConfirmOutcome(
                order_id,
                False,
                _("Order %(id)s: out of stock; the payment and the order were canceled.") % {"id": order_id},
            )


@transaction.atomic
def payments_forget_depositor(*, order_ids: list[int]) -> int:
    """Replaces the depositor's name on the payments of these orders, and the refund accounts they gave;
    amounts and states stay."""
    Refund.objects.filter(order_id__in=order_ids).exclude(account_number="").update(
        bank=FORGOTTEN, account_number=FORGOTTEN, holder=FORGOTTEN
    )
    return Payment.objects.filter(order_id__in=order_ids).update(
        depositor_name=FORGOTTEN, depositor_key=depositor_key(FORGOTTEN)
    )
