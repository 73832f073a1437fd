"""How a committed event reaches its subscriptions: in this process, or as Celery tasks over Redis.

A transport's `send(event, subscriptions)` answers True once every subscription has been handed the event.
`completes_on_send` says whether that also means they processed it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

from eventbus import codec
from eventbus.events import DomainEvent
from eventbus.subscriptions import Subscription

logger = logging.getLogger(__name__)

DELIVER_EVENT_TASK = "eventbus.deliver_event"  # eventbus/tasks.py


class InProcessTransport:
    """`make run` and the quick tests: the subscriptions run right after commit, one after the other, each in
    its own transaction. One that fails does not stop the others; the relay sends the event again to those
    without an inbox row."""

    completes_on_send = True

    def send(self, event: DomainEvent, subscriptions: list[Subscription]) -> bool:
        delivered = True
        for subscription in subscriptions:
            try:
                subscription.deliver(event)
            except Exception:
                delivered = False
                logger.exception(
                    "%s failed on %s %s; the relay will deliver it again",
                    subscription.name,
                    event.type_name(),
                    event.event_id,
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
        message = codec.encode(event)
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
