import io
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from shop.eventbus.relay import relay_once

logger = logging.getLogger(__name__)


def run_housekeeping() -> None:
    """The commands of RELAY_HOUSEKEEPING_COMMANDS; one that fails is logged and never stops the relay."""
    for name in settings.RELAY_HOUSEKEEPING_COMMANDS:
        output = io.StringIO()
        try:
            call_command(name, stdout=output)
        except Exception:
            logger.warning("housekeeping %s failed; tried again in an hour", name, exc_info=True)
        else:
            logger.info("housekeeping %s: %s", name, output.getvalue().strip())


class Command(BaseCommand):
    help = (
        "The outbox relay: sends events that never reached the broker, and re-sends events that some "
        "subscription never processed; every hour, the housekeeping of RELAY_HOUSEKEEPING_COMMANDS. "
        "Runs until stopped, or one pass with --once."
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
        next_housekeeping = time.monotonic()
        while True:
            report = relay_once(**delays)
            if once:
                self.stdout.write(str(report))
                return
            if time.monotonic() >= next_housekeeping:
                run_housekeeping()
                next_housekeeping = time.monotonic() + settings.RELAY_HOUSEKEEPING_INTERVAL
            time.sleep(interval)
