"""Event transports for tests that need events delivered twice, or not yet."""

from eventbus.transports import InProcessTransport


class HeldBackTransport:
    """Delivers nothing: the outbox rows stay undispatched, as when the broker is down."""

    completes_on_send = False

    def send(self, event, subscriptions) -> bool:
        return False


class TwiceTransport(InProcessTransport):
    """Delivers every event twice, as a broker may after a worker dies before acknowledging."""

    def send(self, event, subscriptions) -> bool:
        first = super().send(event, subscriptions)
        second = super().send(event, subscriptions)
        return first and second
