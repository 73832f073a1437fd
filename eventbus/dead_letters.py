"""Parking events that a subscription keeps failing on, and retrying them once the cause is fixed."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from eventbus import codec
from eventbus.models import DeadLetter
from eventbus.subscriptions import subscription_named

logger = logging.getLogger(__name__)


def dead_letter_park(*, subscription_name: str, message: dict, error: BaseException, attempts: int) -> DeadLetter:
    letter, _ = DeadLetter.objects.update_or_create(
        subscription=subscription_name,
        event_id=message["event_id"],
        defaults={
            "event_type": message["type"],
            "order_id": message["order_id"],
            "message": message,
            "error": f"{type(error).__name__}: {error}",
            "attempts": attempts,
            "parked_at": timezone.now(),
            "resolved_at": None,
        },
    )
    logger.error(
        "%s gave up on %s %s after %d attempts: %s",
        subscription_name,
        message["type"],
        message["event_id"],
        attempts,
        letter.error,
    )
    return letter


def dead_letter_retry(*, letter_id: int) -> DeadLetter:
    """Delivers the parked event again, here and now. Resolved on success; otherwise the error is updated."""
    letter = DeadLetter.objects.get(pk=letter_id)
    if letter.resolved_at is not None:
        return letter
    try:
        subscription_named(letter.subscription).deliver(codec.decode(letter.message))
    except Exception as error:
        letter.error = f"{type(error).__name__}: {error}"
        letter.attempts += 1
        letter.save(update_fields=["error", "attempts"])
        return letter
    with transaction.atomic():
        letter.resolved_at = timezone.now()
        letter.save(update_fields=["resolved_at"])
    return letter
