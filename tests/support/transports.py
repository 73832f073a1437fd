"""Event transports for tests that need events applied twice, or not yet."""

from eventbus.models import Checkpoint
from eventbus.transports import InProcessTransport


class HeldBackTransport:
    """Wakes nobody: the events wait in the outbox, as when the broker is down."""

    def wake(self, group_names, *, force=False) -> bool:
        return False


class TwiceTransport(InProcessTransport):
    """Applies every event twice: each group catches up, is put back where it stood, and catches up again,
    as if a worker had died after its handlers ran and before its checkpoint moved."""

    def wake(self, group_names, *, force=False) -> bool:
        for name in group_names:
            before = Checkpoint.objects.filter(group=name).values_list("txid", "event").first() or (0, 0)
            super().wake([name])
            Checkpoint.objects.filter(group=name).update(txid=before[0], event=before[1])
            super().wake([name])
        return True
