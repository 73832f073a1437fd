from datetime import timedelta

from eventbus.relay import relay_once
from shop.loops import LoopCommand


class Command(LoopCommand):
    help = (
        "The relay: wakes every group of subscribers that has events it has not applied (a lost wake-up, a "
        "broker that was down, a backoff that ran out), and retries the dead letters that are due. Runs until "
        "stopped, or one pass with --once."
    )
    default_interval = 1.0

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dispatch-after",
            type=float,
            default=None,
            help="seconds an event waits for its own wake-up before the relay wakes its group (default 2)",
        )

    def run_pass(self, *, once, dispatch_after, **options):
        report = relay_once(dispatch_after=None if dispatch_after is None else timedelta(seconds=dispatch_after))
        if once:
            self.stdout.write(str(report))
