import time
from datetime import timedelta

from django.core.management.base import BaseCommand

from shop.eventbus.relay import relay_once


class Command(BaseCommand):
    help = (
        "The outbox relay: sends events that never reached the broker, and re-sends events that some "
        "subscription never processed. Runs until stopped, or one pass with --once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between passes (default 1)")
        parser.add_argument(
            "--dispatch-after",
            type=float,
            default=None,
            help="seconds an undispatched event waits for its own request before the relay sends it (default 2)",
        )
        parser.add_argument(
            "--redeliver-after",
            type=float,
            default=None,
            help="seconds after dispatch before an unprocessed event is sent again (default 60)",
        )

    def handle(self, *args, once, interval, dispatch_after, redeliver_after, **options):
        delays = {
            "dispatch_after": None if dispatch_after is None else timedelta(seconds=dispatch_after),
            "redeliver_after": None if redeliver_after is None else timedelta(seconds=redeliver_after),
        }
        while True:
            report = relay_once(**delays)
            if once:
                self.stdout.write(str(report))
                return
            time.sleep(interval)
