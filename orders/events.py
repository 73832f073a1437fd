from __future__ import annotations

import dataclasses

from shop.eventbus.events import DomainEvent


@dataclasses.dataclass(frozen=True, kw_only=True)
class OrderPlaced(DomainEvent):
    """A customer ordered. items: [{product_id, product_name, unit_price, quantity}]; money in won."""

    customer_id: int
    items: list[dict]
    total: int
    shipping_address: str
    depositor_name: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class OrderCanceled(DomainEvent):
    """The order will not be fulfilled. reason: `customer`, `out_of_stock`, …; actor: who (shop/audit.py)."""

    reason: str
    actor: dict


@dataclasses.dataclass(frozen=True, kw_only=True)
class OrderClosed(DomainEvent):
    """The customer confirmed receipt; this also completes the delivery. actor: who (shop/audit.py)."""

    actor: dict
