"""The long-running management commands of the Procfile (the relay, the scheduler): one pass, a pause, and
again, until the process is stopped; `--once` for a single pass."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand


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
        while True:
            self.run_pass(once=once, **options)
            if once:
                return
            time.sleep(interval)

    def run_pass(self, *, once: bool, **options) -> None:
        raise NotImplementedError
