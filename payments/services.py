"""Every write to payments. Confirmation and cancellation both lock the payment row, so for one order
exactly one of them can win."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actors import actor, operator_actor, system_actor
from eventbus.bus import publish
from payments.events import PayCanceled, PayChecked, PayPlaced
from payments.models import Payment
from products import public as products
from shop.breakers import STOCK, guarded
from shop.errors import Conflict, DomainError, NotFound
from shop.personal_data import FORGOTTEN


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
    *, order_id: int, amount: int, depositor_name: str, lines: list[dict[str, int]]
) -> Payment | None:
    """Opens the pending payment of a newly placed order. None when the order already has a payment:
    a replay of OrderPlaced, or a customer's cancel that arrived first and left a canceled payment."""
    payment, created = Payment.objects.get_or_create(
        order_id=order_id,
        defaults={
            "amount": amount,
            "depositor_name": depositor_name,
            "bank_account": settings.BANK_ACCOUNT,
            "lines": lines,
        },
    )
    if not created:
        return None
    publish(
        PayPlaced(
            order_id=order_id,
            amount=amount,
            bank_account=payment.bank_account,
        )
    )
    return payment


@transaction.atomic
def payment_confirm_deposit(*, order_id: int, confirmed_by=None) -> Payment:
    """The seller saw the money arrive. Takes the stock synchronously; when it is short, the payment is
    canceled instead (`out_of_stock`) and PayCanceled makes the order cancel itself (compensation).
    The stock call goes through a circuit breaker: while it keeps failing, ServiceUnavailable is raised
    and the payment stays pending. `confirmed_by` is the seller; None means an operator at a shell."""
    payment = Payment.objects.select_for_update().filter(order_id=order_id).first()
    if payment is None:
        raise NotFound(_("Order %(id)s has no payment (yet).") % {"id": order_id})
    if payment.status != Payment.Status.PENDING:
        raise PaymentNotPending(payment)
    now = timezone.now()
    try:
        guarded(
            STOCK,
            products.stock_decrease_for_order,
            order_id=order_id,
            lines=[(line["product_id"], line["quantity"]) for line in payment.lines],
        )
    except products.OutOfStock:
        payment.cancel(reason=Payment.CancelReason.OUT_OF_STOCK, by_id=None, at=now)
        payment.save()
        publish(
            PayCanceled(
                order_id=order_id, reason=Payment.CancelReason.OUT_OF_STOCK, actor=system_actor(), occurred_at=now
            )
        )
        return payment
    payment.confirm(by_id=confirmed_by.pk if confirmed_by else None, at=now)
    payment.save()
    who = actor(confirmed_by) if confirmed_by else operator_actor()
    publish(PayChecked(order_id=order_id, amount=payment.amount, actor=who, occurred_at=now))
    return payment


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
    """Replaces the depositor's name on the payments of these orders; amounts and states stay."""
    return Payment.objects.filter(order_id__in=order_ids).update(depositor_name=FORGOTTEN)
