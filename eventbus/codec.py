"""The one envelope of an event, wherever it travels: the broker's task arguments, the dead letters, and
(column by column) the outbox.

    {"type": "PayChecked", "event_id": "…", "order_id": 7, "occurred_at": "2026-…+00:00", "payload": {…}}
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventbus.events import DomainEvent

if TYPE_CHECKING:
    from eventbus.models import StoredEvent


def encode(event: DomainEvent) -> dict[str, Any]:
    return {
        "type": event.type_name(),
        "event_id": str(event.event_id),
        "order_id": event.order_id,
        "occurred_at": event.occurred_at.isoformat(),
        "payload": event.payload(),
    }


def decode(message: dict[str, Any]) -> DomainEvent:
    return _build(
        message["type"],
        event_id=uuid.UUID(str(message["event_id"])),
        order_id=int(message["order_id"]),
        occurred_at=datetime.fromisoformat(message["occurred_at"]),
        payload=message["payload"],
    )


def outbox_columns(event: DomainEvent) -> dict[str, Any]:
    """The outbox row of `event` (eventbus.models.StoredEvent): the envelope, one column each."""
    return {
        "event_type": event.type_name(),
        "event_id": event.event_id,
        "order_id": event.order_id,
        "occurred_at": event.occurred_at,
        "payload": event.payload(),
    }


def from_outbox(row: StoredEvent) -> DomainEvent:
    return _build(
        row.event_type, event_id=row.event_id, order_id=row.order_id, occurred_at=row.occurred_at, payload=row.payload
    )


def _build(type_name: str, *, event_id: uuid.UUID, order_id: int, occurred_at: datetime, payload: dict) -> DomainEvent:
    event_type = DomainEvent.types[type_name]
    current = {name: value for name, value in payload.items() if name not in event_type.retired_fields}
    return event_type(event_id=event_id, order_id=order_id, occurred_at=occurred_at, **current)
