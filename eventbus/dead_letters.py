"""Parking events that a subscription keeps failing on, and retrying them: by themselves on a long backoff
(EVENTBUS_DEAD_LETTER_RETRIES, minutes then hours, so that a transient outage heals with no hand on it), and
by hand once the cause is fixed. A dead letter lives in its group's database, beside the writes its retry
makes, so that the retry's effect and the letter's resolution commit together."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from eventbus import codec
from eventbus.locks import hold_group
from eventbus.models import DeadLetter
from eventbus.subscriptions import groups, subscription_named

logger = logging.getLogger(__name__)


def next_retry_at(retries: int, *, now: datetime | None = None) -> datetime | None:
    """When the automatic retry number `retries + 1` is due; None once they are used up (parked for good)."""
    schedule = settings.EVENTBUS_DEAD_LETTER_RETRIES
    if retries >= len(schedule):
        return None
    return (now or timezone.now()) + schedule[retries]


def dead_letter_park(
    *, subscription_name: str, message: dict, error: BaseException, attempts: int, using: str = DEFAULT_DB_ALIAS
) -> DeadLetter:
    now = timezone.now()
    letter, _ = DeadLetter.objects.using(using).update_or_create(
        subscription=subscription_name,
        event_id=message["event_id"],
        defaults={
            "event_type": message["type"],
            "order_id": message["order_id"],
            "message": message,
            "error": f"{type(error).__name__}: {error}",
            "attempts": attempts,
            "parked_at": now,
            "resolved_at": None,
            "retries": 0,
            "next_retry_at": next_retry_at(0, now=now),
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


def dead_letter_retry(*, letter_id: int, using: str = DEFAULT_DB_ALIAS, automatic: bool = False) -> DeadLetter:
    """Delivers the parked event again, here and now: the handler's effect and the letter's resolution commit
    together. Otherwise the error is recorded and, for an automatic retry, the next one scheduled."""
    try:
        with transaction.atomic(using=using):
            letter = DeadLetter.objects.using(using).select_for_update().get(pk=letter_id)
            if letter.resolved_at is not None:
                return letter
            subscription = subscription_named(letter.subscription)
            hold_group(subscription.queue, using, wait=True)  # never racing the group's catch-up over its rows
            subscription.apply([codec.decode(letter.message)])
            letter.resolved_at, letter.next_retry_at = timezone.now(), None
            letter.save(update_fields=["resolved_at", "next_retry_at"])
            logger.info("%s: dead letter %s delivered", letter.subscription, letter.event_id)
            return letter
    except DeadLetter.DoesNotExist:
        raise
    except Exception as error:
        letter = DeadLetter.objects.using(using).get(pk=letter_id)
        letter.error = f"{type(error).__name__}: {error}"
        letter.attempts += 1
        if automatic:
            letter.retries += 1
            letter.next_retry_at = next_retry_at(letter.retries)
        letter.save(update_fields=["error", "attempts", "retries", "next_retry_at"])
        if automatic and letter.next_retry_at is None:
            logger.error("%s: dead letter %s parked for good: %s", letter.subscription, letter.event_id, letter.error)
        return letter


def dead_letters_retry_due(*, now: datetime | None = None) -> tuple[int, int]:
    """The relay's automatic retries: every dead letter whose next retry is due. Returns (delivered, failed)."""
    now = now or timezone.now()
    delivered = failed = 0
    for database in dead_letter_databases():
        due = DeadLetter.objects.using(database).filter(next_retry_at__lte=now, resolved_at__isnull=True)
        for letter_id in due.order_by("next_retry_at").values_list("id", flat=True)[:100]:
            letter = dead_letter_retry(letter_id=letter_id, using=database, automatic=True)
            if letter.resolved_at:
                delivered += 1
            else:
                failed += 1
    return delivered, failed


def dead_letter_databases() -> list[str]:
    """Every database that may hold dead letters: the databases of the groups."""
    return list(dict.fromkeys([DEFAULT_DB_ALIAS, *(group.database for group in groups())]))


def dead_letters_unresolved() -> int:
    return sum(
        DeadLetter.objects.using(database).filter(resolved_at__isnull=True).count()
        for database in dead_letter_databases()
    )
