"""Re-sends events whose hand-over never completed (the broker was down, the process died after commit)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from shop.eventbus.bus import dispatch
from shop.eventbus.events import DomainEvent
from shop.eventbus.models import StoredEvent

logger = logging.getLogger(__name__)


def relay_undispatched(*, older_than: timedelta = timedelta(seconds=5), limit: int = 500) -> tuple[int, int]:
    """Dispatches up to `limit` events left undispatched for longer than `older_than`, oldest first.

    Returns (tried, delivered). Two relays running at once may send an event twice: handlers are idempotent.
    """
    cutoff = timezone.now() - older_than
    rows = StoredEvent.objects.filter(dispatched_at__isnull=True, recorded_at__lte=cutoff).order_by("id")[:limit]
    tried = delivered = 0
    for row in rows:
        tried += 1
        if dispatch(row.pk, DomainEvent.from_message(row.to_message())):
            delivered += 1
    if tried:
        logger.info("relay: %d of %d undispatched events handed over", delivered, tried)
    return tried, delivered
