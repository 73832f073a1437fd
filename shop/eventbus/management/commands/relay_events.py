import time
from datetime import timedelta

from django.core.management.base import BaseCommand

from shop.eventbus.relay import relay_undispatched


class Command(BaseCommand):
    help = "Re-sends events that were recorded but never handed to their subscribers (the outbox relay)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between passes (default 2)")
        parser.add_argument(
            "--older-than", type=float, default=5.0, help="only events older than this many seconds (default 5)"
        )

    def handle(self, *args, once, interval, older_than, **options):
        while True:
            tried, delivered = relay_undispatched(older_than=timedelta(seconds=older_than))
            if once:
                self.stdout.write(f"{delivered} of {tried} undispatched events handed over")
                return
            time.sleep(interval)
