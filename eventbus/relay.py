"""The relay: makes sure every group applies every event, whatever got lost on the way.

Each pass wakes the groups that lag: a group with an event it has not applied, recorded longer ago than its
own commit's wake-up takes (the broker was down, the wake-up task was lost, a worker died, a backoff ran
out), unless the group is still waiting out a backoff. Then it retries the dead letters that are due
(eventbus/dead_letters.py). Waking twice applies nothing twice, so two relays, or a relay racing the normal
path, lose nothing.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from eventbus import consumer
from eventbus.bus import wake
from eventbus.dead_letters import dead_letters_retry_due
from eventbus.subscriptions import groups

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class RelayReport:
    woken: int = 0
    failed: int = 0
    letters_delivered: int = 0
    letters_failed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.woken} groups woken, {self.failed} could not be woken, "
            f"{self.letters_delivered} dead letters delivered, {self.letters_failed} failed again"
        )


def relay_once(*, dispatch_after: timedelta | None = None) -> RelayReport:
    dispatch_after = dispatch_after if dispatch_after is not None else settings.EVENTBUS_RELAY_DISPATCH_AFTER
    report = RelayReport()
    now = timezone.now()
    for group in groups():
        lag = consumer.lag(group, count=False)
        waiting = lag.retry_at is not None and lag.retry_at > now
        if lag.oldest_recorded_at is None or lag.oldest_recorded_at > now - dispatch_after or waiting:
            continue
        if wake([group.name], force=True):
            report.woken += 1
        else:
            report.failed += 1
    report.letters_delivered, report.letters_failed = dead_letters_retry_due(now=now)
    if report.woken or report.failed or report.letters_delivered or report.letters_failed:
        logger.info("relay: %s", report)
    return report
