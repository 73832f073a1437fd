"""The one way events travel: `publish()` inside a transaction; after commit, `dispatch()` hands the event
to its subscriptions (eventbus/subscriptions.py) through the transport of the settings: in this process,
or one Celery task per subscription on its context's queue. Either way a delivery ends in
`Subscription.deliver`, which records the event in the inbox and runs the handler in one transaction.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from eventbus import codec
from eventbus.events import DomainEvent
from eventbus.models import StoredEvent
from eventbus.subscriptions import Subscription, subscriptions_for

logger = logging.getLogger(__name__)


def publish(event: DomainEvent) -> None:
    """Records `event` in the outbox of the current transaction; its subscribers run once that commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish() must run inside the transaction of the change that the event reports")
    stored = StoredEvent.objects.create(**codec.outbox_columns(event))

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
        yield codec.from_outbox(row)


def transport() -> Any:
    return _transport(settings.EVENT_TRANSPORT)


@functools.cache
def _transport(path: str) -> Any:
    # Loaded by name so that domain code importing the bus never imports Celery (lint-imports checks it).
    return import_string(path)()
