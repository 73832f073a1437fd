"""What payments publishes: its events, and the words they use (a payment's status, why it was canceled)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from eventbus.events import DomainEvent


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting deposit")
    CONFIRMED = "confirmed", _("Deposit confirmed")
    CANCELED = "canceled", _("Canceled")


class CancelReason(models.TextChoices):
    """Why a payment, and with it its order, was canceled: `cancel_reason` of the payment, the order and the
    read model alike. The customer's cancel goes through the payment, so every reason is decided here."""

    CUSTOMER = "customer", _("Canceled by the customer")
    OUT_OF_STOCK = "out_of_stock", _("Out of stock")
    DEPOSIT_EXPIRED = "deposit_expired", _("Deposit deadline passed")


class RefundStatus(models.TextChoices):
    DUE = "due", _("Refund due")
    PAID = "paid", _("Refunded")


class RefundReason(models.TextChoices):
    """Why the shop owes money back: it received money for an order that will not ship."""

    OUT_OF_STOCK = "out_of_stock", _("Out of stock at the deposit's confirmation")
    ORDER_CANCELED = "order_canceled", _("Deposit for a canceled order")
    DUPLICATE_DEPOSIT = "duplicate_deposit", _("Second deposit for a paid order")


@dataclasses.dataclass(frozen=True, kw_only=True)
class PayPlaced(DomainEvent):
    """A payment awaits the customer's bank transfer. (No depositor's name: no subscriber needs it, and an
    event carries personal data only where a handler does.)"""

    amount: int
    bank_account: str
    deposit_due_at: str | None = None  # ISO 8601: the transfer's deadline (None in events recorded before it)

    # Events recorded before carried the depositor's name: they still decode, and are forgotten on request.
    retired_fields: ClassVar[frozenset[str]] = frozenset({"depositor_name"})
    personal_fields: ClassVar[tuple[str, ...]] = ("depositor_name",)


@dataclasses.dataclass(frozen=True, kw_only=True)
class PayChecked(DomainEvent):
    """The seller confirmed the deposit, and the order's stock was taken. actor: who (audit/actors.py)."""

    amount: int
    actor: dict


@dataclasses.dataclass(frozen=True, kw_only=True)
class PayCanceled(DomainEvent):
    """The payment will never be confirmed. reason: a CancelReason; actor: who (audit/actors.py)."""

    reason: str
    actor: dict


@dataclasses.dataclass(frozen=True, kw_only=True)
class RefundDue(DomainEvent):
    """The shop received money for an order that will not ship and owes it back. reason: a RefundReason."""

    refund_id: int
    amount: int
    reason: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class RefundPaid(DomainEvent):
    """The seller paid the refund back. actor: who (audit/actors.py)."""

    refund_id: int
    amount: int
    actor: dict
