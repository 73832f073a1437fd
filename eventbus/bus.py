"""The one way events travel: `publish()` inside a transaction records the event in the outbox; after commit,
the groups that subscribe to it are woken through the transport of the settings (in this process, or a
Celery task per group over Redis), and each applies the log from its checkpoint (eventbus/consumer.py).

A wake-up carries no event: it only says "look". Losing one loses nothing (the relay wakes any group that
lags), and waking a group twice applies nothing twice.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from eventbus import codec
from eventbus.events import DomainEvent
from eventbus.models import StoredEvent
from eventbus.subscriptions import groups_for

logger = logging.getLogger(__name__)


def publish(*events: DomainEvent) -> None:
    """Records the events in the outbox of the current transaction, in this order, with one statement however
    many they are; their subscribers are woken once that commits."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("publish() must run inside the transaction of the change that the event reports")
    if not events:
        return
    StoredEvent.objects.bulk_create([StoredEvent(**codec.outbox_columns(event)) for event in events])
    _wake_after_commit(connection, groups_for([type(event) for event in events]))


_this_thread = threading.local()


def _wake_after_commit(connection: Any, group_names: list[str]) -> None:
    """Each group once per transaction, however many of its events the transaction records: a page of 500
    events would otherwise send 500 wake-ups (a Redis round trip each) at its commit.

    The groups already asked for are remembered with the transaction's list of commit hooks. Django replaces
    that list at every commit and rollback, and also when a savepoint rolls back (dropping the hooks made
    inside it): then the memory starts over, so a wake-up dropped with a savepoint is asked for again by the
    next event, never lost."""
    hooks = connection.run_on_commit
    remembered = getattr(_this_thread, "remembered", None)
    if remembered is None or remembered[0] is not hooks:
        remembered = (hooks, set())
        _this_thread.remembered = remembered
    new = [name for name in group_names if name not in remembered[1]]
    if not new:
        return
    remembered[1].update(new)
    # robust: the change has committed by then; a wake-up that fails is the relay's job, never the caller's.
    transaction.on_commit(lambda: wake(new), robust=True)


def wake(group_names: list[str], *, force: bool = False) -> bool:
    """Asks these groups to catch up. Never raises: False if some could not be asked (the relay will)."""
    try:
        return transport().wake(group_names, force=force)
    except Exception:
        logger.exception("could not wake %s; the relay will", group_names)
        return False


def transport() -> Any:
    return _transport(settings.EVENT_TRANSPORT)


@functools.cache
def _transport(path: str) -> Any:
    # Loaded by name so that domain code importing the bus never imports Celery (lint-imports checks it).
    return import_string(path)()
