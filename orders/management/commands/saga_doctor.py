from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eventbus.consumer import lag
from eventbus.dead_letters import dead_letters_unresolved
from eventbus.subscriptions import groups
from orders.selectors import orders_stuck


class Command(BaseCommand):
    help = (
        "Reports what keeps the saga from moving by itself: orders sitting in an automatic step longer than "
        "SAGA_STUCK_AFTER, groups of subscribers behind the event log (and why), and unresolved dead letters. "
        "Exit status 1 when something is stuck."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=20, help="orders listed at most (default 20)")

    def handle(self, *args, limit, **options):
        now = timezone.now()
        stuck = orders_stuck(now=now)
        count = stuck.count()
        for order in stuck[:limit]:
            minutes = (now - order.updated_at).total_seconds() / 60
            self.stdout.write(f"order {order.pk}: {order.status} for {minutes:.0f} min")
        if count > limit:
            self.stdout.write(f"… and {count - limit} more")
        for state in (lag(group) for group in groups()):
            line = f"group {state.group}: {state.behind} events behind"
            if state.failing:
                line += f"; retrying at {state.retry_at:%H:%M:%S} after: {state.failing}"
            self.stdout.write(line)
        letters = dead_letters_unresolved()
        self.stdout.write(f"{count} orders stuck, {letters} dead letters unresolved")
        if count:
            raise CommandError(f"{count} orders stuck; the lines above say where")
