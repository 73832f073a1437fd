"""How a committed event reaches its subscriptions: in this process, or as Celery tasks over Redis.

A transport's `send(event, subscriptions)` answers True once every subscription has been handed the event.
`completes_on_send` says whether that also means they processed it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

from shop.eventbus.bus import Subscription, event_committed
from shop.eventbus.events import DomainEvent

logger = logging.getLogger(__name__)

DELIVER_EVENT_TASK = "eventbus.deliver_event"  # shop/eventbus/tasks.py


class InProcessTransport:
    """`make run` and the quick tests: the subscribers run right after commit, each in its own transaction,
    as receivers of the `event_committed` signal. Every receiver is sent the event (the inbox skips those
    that already have it), so a re-send after a failure reaches the ones that failed."""

    completes_on_send = True

    def send(self, event: DomainEvent, subscriptions: list[Subscription]) -> bool:
        delivered = True
        for receiver, outcome in event_committed.send_robust(sender=type(event), event=event):
            if isinstance(outcome, Exception):
                delivered = False
                logger.error(
                    "%s failed on %s %s; the relay will deliver it again",
                    getattr(receiver, "name", receiver),
                    event.type_name(),
                    event.event_id,
                    exc_info=outcome,
                )
        return delivered


class CeleryTransport:
    """Production: one task per subscription, on the subscribing context's own queue.

    True once the broker accepted every task. When the broker is unreachable, sending fails fast (bounded
    connection timeouts, no publish retries) and, for a few seconds, this process stops trying at all, so
    requests keep answering at once while the outbox holds the events for the relay.
    """

    completes_on_send = False

    def __init__(self) -> None:
        from shop.celery import app

        self.app = app
        self._broker_down_until = 0.0

    def send(self, event: DomainEvent, subscriptions: list[Subscription]) -> bool:
        if time.monotonic() < self._broker_down_until:
            return False
        message = event.to_message()
        try:
            for subscription in subscriptions:
                self.app.send_task(DELIVER_EVENT_TASK, args=(subscription.name, message), queue=subscription.queue)
        except Exception as error:  # unreachable, or the transport itself cannot load: the relay retries
            self._broker_down_until = time.monotonic() + settings.EVENTBUS_BROKER_BACKOFF
            logger.warning(
                "broker unreachable (%s: %s); %s %s left to the relay",
                type(error).__name__,
                error,
                event.type_name(),
                event.event_id,
            )
            return False
        return True
