from __future__ import annotations

import dataclasses

from shop.eventbus.events import DomainEvent


@dataclasses.dataclass(frozen=True, kw_only=True)
class PayPlaced(DomainEvent):
    """A payment awaits the customer's bank transfer."""

    amount: int
    bank_account: str
    depositor_name: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class PayChecked(DomainEvent):
    """The seller confirmed the deposit, and the order's stock was taken. actor: who (shop/audit.py)."""

    amount: int
    actor: dict


@dataclasses.dataclass(frozen=True, kw_only=True)
class PayCanceled(DomainEvent):
    """The payment will never be confirmed. reason: `customer`, `out_of_stock`, …; actor: who."""

    reason: str
    actor: dict
