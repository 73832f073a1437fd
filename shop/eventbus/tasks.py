"""Celery's door into the event bus: a thin task that delivers one event to one subscription."""

from __future__ import annotations

from celery import shared_task

from shop.eventbus.bus import subscription_named
from shop.eventbus.events import DomainEvent


@shared_task(bind=True, name="eventbus.deliver_event", acks_late=True, max_retries=8)
def deliver_event(self, subscription_name: str, message: dict) -> bool:
    event = DomainEvent.from_message(message)
    try:
        return subscription_named(subscription_name).deliver(event)
    except Exception as exc:
        # Exponential backoff, capped well below the broker's visibility timeout.
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 60)) from exc
