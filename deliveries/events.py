from __future__ import annotations

import dataclasses

from shop.eventbus.events import DomainEvent


@dataclasses.dataclass(frozen=True, kw_only=True)
class DeliveryStarted(DomainEvent):
    """The parcel left for the customer."""
