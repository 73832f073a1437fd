"""What orders publishes."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from audit.actors import customer_actor
from eventbus.events import DomainEvent


@dataclasses.dataclass(frozen=True, kw_only=True)
class OrderPlaced(DomainEvent):
    """A customer ordered. items: [{product_id, product_name, unit_price, quantity}]; money in won."""

    customer_id: int
    items: list[dict]
    total: int
    shipping_address: str
    depositor_name: str
    deposit_due_at: str | None = None  # ISO 8601: the transfer's deadline (None in events recorded before it)

    personal_fields: ClassVar[tuple[str, ...]] = ("shipping_address", "depositor_name")

    def performed_by(self) -> dict:
        return customer_actor(self.customer_id)


@dataclasses.dataclass(frozen=True, kw_only=True)
class OrderCanceled(DomainEvent):
    """The order will not be fulfilled. reason: a payments.events.CancelReason; actor: who (audit/actors.py)."""

    reason: str
    actor: dict


@dataclasses.dataclass(frozen=True, kw_only=True)
class OrderClosed(DomainEvent):
    """The customer confirmed receipt; this also completes the delivery. actor: who (audit/actors.py)."""

    actor: dict
