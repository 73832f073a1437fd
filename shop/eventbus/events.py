"""The base of every domain event: a small frozen dataclass named in the past tense."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime
from typing import Any, ClassVar

from django.utils import timezone


@dataclasses.dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened to one order. `order_id` is the correlation key of the whole saga.

    Subclasses add their own fields, which must be JSON values (int, str, None, lists and dicts of them):
    events travel as JSON through the outbox and the broker.
    """

    order_id: int
    event_id: uuid.UUID = dataclasses.field(default_factory=uuid.uuid4)
    occurred_at: datetime = dataclasses.field(default_factory=timezone.now)

    types: ClassVar[dict[str, type[DomainEvent]]] = {}
    _envelope: ClassVar[frozenset[str]] = frozenset({"order_id", "event_id", "occurred_at"})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__ in DomainEvent.types:
            raise TypeError(f"two event types are named {cls.__name__}")
        DomainEvent.types[cls.__name__] = cls

    @classmethod
    def type_name(cls) -> str:
        return cls.__name__

    def payload(self) -> dict[str, Any]:
        """The event's own fields, without the envelope (id, order id, time)."""
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name not in self._envelope
        }

    def to_message(self) -> dict[str, Any]:
        return {
            "type": self.type_name(),
            "event_id": str(self.event_id),
            "order_id": self.order_id,
            "occurred_at": self.occurred_at.isoformat(),
            "payload": self.payload(),
        }

    @staticmethod
    def from_message(message: dict[str, Any]) -> DomainEvent:
        event_type = DomainEvent.types[message["type"]]
        return event_type(
            event_id=uuid.UUID(str(message["event_id"])),
            order_id=int(message["order_id"]),
            occurred_at=datetime.fromisoformat(message["occurred_at"]),
            **message["payload"],
        )
