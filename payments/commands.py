"""Confirming several deposits at once, for the doors that take a batch (the admin action, the command).

Each order is confirmed in its own transaction, so one refusal never undoes the others, and each gets a
line saying what happened to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from payments import services
from payments.models import Payment
from shop.errors import DomainError


@dataclasses.dataclass(frozen=True)
class ConfirmOutcome:
    order_id: int
    confirmed: bool
    message: str


def confirm_deposits(order_ids: Iterable[int], *, confirmed_by_id: int | None) -> Iterator[ConfirmOutcome]:
    for order_id in order_ids:
        try:
            payment = services.payment_confirm_deposit(order_id=order_id, confirmed_by_id=confirmed_by_id)
        except DomainError as refused:
            yield ConfirmOutcome(order_id, False, _("Order %(id)s: not confirmed: %(why)s") % {
                "id": order_id, "why": refused.message})
            continue
        if payment.status == Payment.Status.CONFIRMED:
            yield ConfirmOutcome(order_id, True, _("Order %(id)s: deposit confirmed, stock taken.") % {"id": order_id})
        else:
            yield ConfirmOutcome(order_id, False, _(
                "Order %(id)s: out of stock; the payment and the order were canceled.") % {"id": order_id})
