from __future__ import annotations

import dataclasses

from eventbus.events import DomainEvent


@dataclasses.dataclass(frozen=True, kw_only=True)
class QtyDecreased(DomainEvent):
    """Stock left the shelf for an order whose deposit was confirmed. lines: [{product_id, quantity}]."""

    lines: list[dict[str, int]]
