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
    events travel as JSON through the outbox and the broker (eventbus/codec.py).
    """

    order_id: int
    event_id: uuid.UUID = dataclasses.field(default_factory=uuid.uuid4)
    occurred_at: datetime = dataclasses.field(default_factory=timezone.now)

    types: ClassVar[dict[str, type[DomainEvent]]] = {}
    # Fields that hold a person's data (an address, a name), forgotten on request (eventbus/forget.py).
    personal_fields: ClassVar[tuple[str, ...]] = ()
    # Fields the event carried once and no longer does: recorded events that have them still decode.
    retired_fields: ClassVar[frozenset[str]] = frozenset()
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

    def performed_by(self) -> dict | None:
        """Who made it happen, for the audit trail (audit/actors.py): the `actor` field of the events that
        have one. None: the shop itself, reacting to another event."""
        return getattr(self, "actor", None)
