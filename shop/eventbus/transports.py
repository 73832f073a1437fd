"""How a committed event reaches its subscriptions: in this process, or as Celery tasks over Redis."""

from __future__ import annotations

import logging

from shop.eventbus.bus import event_committed, subscriptions_for
from shop.eventbus.events import DomainEvent

logger = logging.getLogger(__name__)


class InProcessTransport:
    """`make run` and the quick tests: every subscriber runs right after commit, each in its own transaction."""

    def send(self, event: DomainEvent) -> bool:
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

    True only once the broker has accepted every task; otherwise the outbox row stays undispatched and the
    relay sends the event again later (the inbox makes the repeats harmless).
    """

    def send(self, event: DomainEvent) -> bool:
        from shop.eventbus.tasks import deliver_event

        message = event.to_message()
        for subscription in subscriptions_for(type(event)):
            deliver_event.apply_async(args=(subscription.name, message), queue=subscription.queue)
        return True
