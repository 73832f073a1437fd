"""The long-running management commands of the Procfile (the relay, the scheduler): one pass, a pause, and
again, until the process is stopped; `--once` for a single pass.

A process like this must outlive every passing fault: a lock timeout, a database restart, a broker that is
away. A pass that fails is logged, the connections it broke are dropped, and the next pass comes after a
backoff that doubles up to `MAX_BACKOFF`. SIGTERM (a rollout, `docker stop`) and SIGINT (Ctrl-C) end the
loop after the pass under way, at once when it is waiting.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger(__name__)

MAX_BACKOFF = 30.0  # seconds


class LoopCommand(BaseCommand):
    default_interval: float  # seconds between two passes

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=self.default_interval,
            help=f"seconds between passes (default {self.default_interval:g})",
        )

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        if once:
            self.run_pass(once=True, **options)
            return
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
        failures = 0
        while not stopping.is_set():
            try:
                self.run_pass(once=False, **options)
            except Exception:
                failures += 1
                pause = min(interval * 2**failures, MAX_BACKOFF)
                logger.exception("%s: a pass failed (%d in a row); next one in %.1f s", self.name, failures, pause)
                close_old_connections()  # a connection the failure left unusable is opened anew next time
            else:
                failures, pause = 0, interval
            stopping.wait(pause)
        logger.info("%s: stopped", self.name)

    @property
    def name(self) -> str:
        return self.__module__.rpartition(".")[2]

    def run_pass(self, *, once: bool, **options) -> None:
        raise NotImplementedError
