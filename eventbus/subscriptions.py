"""The registry of subscriptions: which handler of which context reacts to which event, on which queue.

Each context's `handlers.py` subscribes in its AppConfig.ready(). Every delivery path asks this registry, and
nothing else: the in-process transport, the Celery task (by name), the relay's completeness check, the dead
letters, and the test that holds docs/architecture.md's subscriber table to the code.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from eventbus.events import DomainEvent
from eventbus.models import ProcessedEvent

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Subscription:
    name: str
    event_type: type[DomainEvent]
    handler: Callable[[DomainEvent], object]
    queue: str

    def deliver(self, event: DomainEvent) -> bool:
        """Runs the handler once per event, however often the event arrives. False: seen before."""
        with transaction.atomic():
            if not self._claim(event.event_id):
                logger.info("%s already handled %s %s", self.name, event.type_name(), event.event_id)
                return False
            self.handler(event)
        return True

    def _claim(self, event_id) -> bool:
        """Writes the inbox row, unless it exists: one statement, no savepoint. A concurrent delivery of the
        same event waits here on the unique index until the first one commits (then finds the row) or
        rolls back (then claims it)."""
        connection = transaction.get_connection()
        fields = {f.name: f for f in ProcessedEvent._meta.concrete_fields}
        params = [
            fields["subscription"].get_db_prep_value(self.name, connection),
            fields["event_id"].get_db_prep_value(event_id, connection),
            fields["processed_at"].get_db_prep_value(timezone.now(), connection),
        ]
        with connection.cursor() as cursor:
            cursor.execute(_CLAIM_SQL.format(table=ProcessedEvent._meta.db_table), params)
            return cursor.fetchone() is not None


# ON CONFLICT ... RETURNING: PostgreSQL, and SQLite from 3.35.
_CLAIM_SQL = (
    "INSERT INTO {table} (subscription, event_id, processed_at) VALUES (%s, %s, %s) "
    "ON CONFLICT (subscription, event_id) DO NOTHING RETURNING id"
)

_registry: dict[str, Subscription] = {}


def subscribe(event_type: type[DomainEvent], handler: Callable[[DomainEvent], object], *, queue: str) -> None:
    # The name keys the inbox, so it must stay stable across releases: module, function and event type.
    name = f"{handler.__module__}.{handler.__qualname__}:{event_type.type_name()}"
    subscription = Subscription(name=name, event_type=event_type, handler=handler, queue=queue)
    if _registry.setdefault(name, subscription) != subscription:
        raise ValueError(f"{name} is subscribed twice, to different events or queues")


def subscriptions_for(event_type: type[DomainEvent]) -> list[Subscription]:
    """In the order they were subscribed (the order of INSTALLED_APPS)."""
    return [subscription for subscription in _registry.values() if subscription.event_type is event_type]


def subscription_named(name: str) -> Subscription:
    return _registry[name]


def all_subscriptions() -> list[Subscription]:
    return list(_registry.values())
