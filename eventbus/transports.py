"""How a group is woken after a commit: in this process, or by a Celery task over Redis.

A transport's `wake(groups, force=...)` answers True once every group has been asked to catch up.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

from eventbus import consumer

logger = logging.getLogger(__name__)

CATCH_UP_TASK = "eventbus.catch_up"  # eventbus/tasks.py


class InProcessTransport:
    """`make run` and the quick tests: the groups catch up right after the commit, in this process, one after
    the other. One that fails does not stop the others; the relay wakes it again.

    A catch-up that stops with events left (behind a transaction still running, or past its time budget) is
    started again here, for up to `patience` seconds: in-process, nobody else may look. The transaction that
    held the events back may end without publishing anything (a confirmation answered 409 rolls back), and
    then no commit would wake the group until the relay's next round."""

    patience = 30.0  # s: longer than any lock or statement timeout of a request (shop/settings.py)

    def wake(self, group_names: list[str], *, force: bool = False) -> bool:
        woken = True
        for name in group_names:
            deadline = time.monotonic() + self.patience
            try:
                report = consumer.catch_up(name)
                while report.more and time.monotonic() < deadline:
                    report = consumer.catch_up(name)
            except Exception:
                woken = False
                logger.exception("%s could not catch up; the relay will wake it again", name)
            else:
                woken = woken and not report.more
        return woken


class CeleryTransport:
    """Production: one `eventbus.catch_up` task per group, on the group's own queue.

    Wake-ups are debounced: a flag in Redis (`eventbus:awake:<group>`, set if absent) says a wake-up is
    already on its way, and the worker clears it before it reads the log, so any event committed after
    that sends a fresh one. With orders arriving faster than a page is applied, most commits therefore send
    no task at all. The flag expires after EVENTBUS_VISIBILITY_TIMEOUT, so a wake-up that got lost costs
    at most that long, and the relay wakes any group that lags anyway (`force`, ignoring the flag).

    When the broker is unreachable, waking fails fast (bounded connection timeouts, no publish retries)
    and, for a few seconds, this process stops trying at all, so requests keep answering at once while the
    outbox holds the events.
    """

    def __init__(self) -> None:
        from django.core.cache import cache

        from shop.celery import app

        self.app = app
        self.flags = cache  # Redis, whenever this transport is in use (shop/settings.py)
        self._broker_down_until = 0.0

    @staticmethod
    def flag(group_name: str) -> str:
        return f"eventbus:awake:{group_name}"

    def wake(self, group_names: list[str], *, force: bool = False) -> bool:
        if time.monotonic() < self._broker_down_until:
            return False
        try:
            for name in group_names:
                if force or self.flags.add(self.flag(name), 1, timeout=settings.EVENTBUS_VISIBILITY_TIMEOUT):
                    self.app.send_task(CATCH_UP_TASK, args=(name,), queue=name)
        except Exception as error:  # unreachable, or the transport itself cannot load: the relay retries
            self._broker_down_until = time.monotonic() + settings.EVENTBUS_BROKER_BACKOFF
            logger.warning(
                "broker unreachable (%s: %s); %s left to the relay", type(error).__name__, error, group_names
            )
            return False
        return True

    def awake(self, group_name: str) -> None:
        """The worker took the wake-up: from now on, a commit wakes the group again."""
        self.flags.delete(self.flag(group_name))
