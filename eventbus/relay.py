"""The relay: makes sure every recorded event reaches every subscription, whatever failed on the way.

1. Events never handed over (the broker was down, the process died right after commit) are dispatched.
2. Events handed over are marked complete once every subscription processed or parked them; those that
   some subscription still lacks after a while (the broker lost its queue, a task was dropped) are sent
   again to those subscriptions.

Sending twice is harmless (the inbox), so two relays, or a relay racing the normal path, lose nothing.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from eventbus import codec
from eventbus.bus import dispatch
from eventbus.models import DeadLetter, ProcessedEvent, StoredEvent
from eventbus.subscriptions import subscriptions_for

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class RelayReport:
    dispatched: int = 0
    failed: int = 0
    redelivered: int = 0
    completed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.dispatched} dispatched, {self.failed} still undeliverable, "
            f"{self.redelivered} redelivered, {self.completed} completed"
        )


def relay_once(
    *,
    dispatch_after: timedelta | None = None,
    redeliver_after: timedelta | None = None,
    limit: int = 500,
) -> RelayReport:
    dispatch_after = dispatch_after if dispatch_after is not None else settings.EVENTBUS_RELAY_DISPATCH_AFTER
    redeliver_after = redeliver_after if redeliver_after is not None else settings.EVENTBUS_RELAY_REDELIVER_AFTER
    report = RelayReport()
    now = timezone.now()

    undispatched = StoredEvent.objects.filter(dispatched_at__isnull=True, recorded_at__lte=now - dispatch_after)
    for row in undispatched.order_by("id")[:limit]:
        if dispatch(row.pk, codec.from_outbox(row)):
            report.dispatched += 1
        else:
            report.failed += 1

    settle_after = min(settings.EVENTBUS_RELAY_SETTLE_AFTER, redeliver_after)
    incomplete = StoredEvent.objects.filter(completed_at__isnull=True, dispatched_at__lte=now - settle_after)
    incomplete = list(incomplete.order_by("id")[:limit])
    done = defaultdict(set)
    event_ids = [row.event_id for row in incomplete]
    for model in (ProcessedEvent, DeadLetter):
        for event_id, name in model.objects.filter(event_id__in=event_ids).values_list("event_id", "subscription"):
            done[event_id].add(name)
    for row in incomplete:
        event = codec.from_outbox(row)
        missing = [sub for sub in subscriptions_for(type(event)) if sub.name not in done[row.event_id]]
        if not missing:
            StoredEvent.objects.filter(pk=row.pk).update(completed_at=timezone.now())
            report.completed += 1
        elif row.dispatched_at > now - redeliver_after:
            continue  # still on its way
        elif dispatch(row.pk, event, missing):
            logger.warning("relay: %s %s redelivered to %s", row.event_type, row.event_id, [s.name for s in missing])
            report.redelivered += 1
        else:
            report.failed += 1

    if report.dispatched or report.failed or report.redelivered:
        logger.info("relay: %s", report)
    return report
