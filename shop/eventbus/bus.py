"""The one way events travel: `publish()` inside a transaction, `subscribe()` in an AppConfig.ready().

Subscriptions are Django signal receivers of `event_committed` (one per handler, with a dispatch_uid), so
in-process delivery is a plain `send_robust`. The Celery transport looks the same subscriptions up by name
and runs each as its own task on its context's queue. Either way a delivery ends in `Subscription.deliver`,
which records the event in the inbox and runs the handler in one transaction.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import import_string

from shop.eventbus.events import DomainEvent
from shop.eventbus.models import ProcessedEvent, StoredEvent

logger = logging.getLogger(__name__)

# Sent, after commit, with `sender=<event class>` and `event=<the event>` by the in-process transport.
event_committed = Signal()


@dataclasses.dataclass(frozen=True)
class Subscription:
    name: str
    event_type: type[DomainEvent]
    handler: Callable[[DomainEvent], object]
    queue: str

    def __call__(self, sender: type[DomainEvent], event: DomainEvent, **kwargs: Any) -> bool:
        return self.deliver(event)

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


_subscriptions: dict[str, Subscription] = {}


def subscribe(event_type: type[DomainEvent], handler: Callable[[DomainEvent], object], *, queue: str) -> None:
    # The name keys the inbox, so it must stay stable across releases: module, function and event type.
    name = f"{handler.__module__}.{handler.__qualname__}:{event_type.type_name()}"
    subscription = Subscription(name=name, event_type=event_type, handler=handler, queue=queue)
    existing = _subscriptions.setdefault(name, subscription)
    if existing != subscription:
        raise ValueError(f"{name} is subscribed twice, to different events or queues")
    event_committed.connect(subscription, sender=event_type, weak=False, dispatch_uid=name)


def subscriptions_for(event_type: type[DomainEvent]) -> list[Subscription]:
    return [sub for sub in _subscriptions.values() if sub.event_type is event_type]


def subscription_named(name: str) -> Subscription:
    return _subscriptions[name]


def publish(event: DomainEvent) -> None:
    """Records `event` in the outbox of the current transaction; its subscribers run once that commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish() must run inside the transaction of the change that the event reports")
    stored = StoredEvent.objects.create(
        event_id=event.event_id,
        event_type=event.type_name(),
        order_id=event.order_id,
        occurred_at=event.occurred_at,
        payload=event.payload(),
    )

    def dispatch_after_commit() -> None:
        dispatch(stored.pk, event)

    # robust: the change has committed by then; a failed hand-over is the relay's job, never the caller's.
    transaction.on_commit(dispatch_after_commit, robust=True)


def dispatch(stored_id: int, event: DomainEvent, subscriptions: list[Subscription] | None = None) -> bool:
    """Hands a committed event to its subscriptions (all of them, unless named), and marks its outbox row.

    Never raises: whatever could not be handed over stays unmarked, and the relay sends it again.
    """
    transport_ = transport()
    if subscriptions is None:
        subscriptions = subscriptions_for(type(event))
    try:
        delivered = transport_.send(event, subscriptions)
    except Exception:
        logger.exception("could not dispatch %s %s; the relay will retry", event.type_name(), event.event_id)
        return False
    if delivered:
        now = timezone.now()
        marks = {"dispatched_at": now}
        if transport_.completes_on_send:
            marks["completed_at"] = now
        StoredEvent.objects.filter(pk=stored_id).update(**marks)
    return delivered


def recorded_events(*, event_types: list[str] | None = None):
    """Every recorded event, in the order it happened, as domain events (for rebuilding read models)."""
    rows = StoredEvent.objects.order_by("occurred_at", "id")
    if event_types is not None:
        rows = rows.filter(event_type__in=event_types)
    for row in rows.iterator(chunk_size=2000):
        yield DomainEvent.from_message(row.to_message())


def transport() -> Any:
    return _transport(settings.EVENT_TRANSPORT)


@functools.cache
def _transport(path: str) -> Any:
    # Loaded by name so that domain code importing the bus never imports Celery (lint-imports checks it).
    return import_string(path)()
