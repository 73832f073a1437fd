"""Celery's door into the event bus: a thin task that delivers one event to one subscription."""

from __future__ import annotations

import logging
import random

from celery import shared_task
from celery.exceptions import Retry
from django.conf import settings

from eventbus import codec
from eventbus.dead_letters import dead_letter_park
from eventbus.subscriptions import subscription_named

logger = logging.getLogger(__name__)


def retry_countdown(attempt: int) -> float:
    """Exponential backoff with jitter, capped below the broker's visibility timeout: a countdown past it
    would make Redis hand the waiting task to another worker again and again."""
    return min(2 ** (attempt - 1), settings.EVENTBUS_RETRY_MAX_COUNTDOWN) * random.uniform(0.8, 1.0)  # noqa: S311


@shared_task(bind=True, name="eventbus.deliver_event", max_retries=None)
def deliver_event(self, subscription_name: str, message: dict) -> bool:
    subscription = subscription_named(subscription_name)
    try:
        return subscription.deliver(codec.decode(message))
    except Exception as error:
        attempt = self.request.retries + 1
        if attempt >= settings.EVENTBUS_MAX_ATTEMPTS:
            dead_letter_park(subscription_name=subscription_name, message=message, error=error, attempts=attempt)
            return False
        try:
            raise self.retry(exc=error, countdown=retry_countdown(attempt))
        except Retry:
            raise
        except Exception:
            # The retry could not even be scheduled (the broker went away too). Nothing is lost: the event
            # has no inbox row for this subscription, so the relay's completeness check sends it again.
            logger.exception("%s: could not schedule a retry of %s", subscription_name, message["event_id"])
            raise error from None
