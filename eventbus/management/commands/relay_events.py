from datetime import timedelta

from eventbus.relay import relay_once
from shop.loops import LoopCommand


class Command(LoopCommand):
    help = (
        "The outbox relay: sends events that never reached the broker, and re-sends events that some "
        "subscription never processed. Runs until stopped, or one pass with --once."
    )
    default_interval = 1.0

    def add_arguments(self, parser):
        super().add_arguments(parser)
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

    def run_pass(self, *, once, dispatch_after, redeliver_after, **options):
        report = relay_once(
            dispatch_after=None if dispatch_after is None else timedelta(seconds=dispatch_after),
            redeliver_after=None if redeliver_after is None else timedelta(seconds=redeliver_after),
        )
        if once:
            self.stdout.write(str(report))
