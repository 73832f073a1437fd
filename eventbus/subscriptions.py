"""The registry of subscriptions: which handler of which context reacts to which event, in which group.

Each context's `handlers.py` subscribes in its AppConfig.ready(). A group is a context's queue: its
subscriptions apply the event log together, page by page, under one checkpoint (eventbus/consumer.py),
in the database where their writes go. Every delivery path asks this registry, and nothing else: the
consumer, the Celery task (by group), the relay, the dead letters, and the test that holds
docs/architecture.md's subscriber table to the code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from django.db import DEFAULT_DB_ALIAS

from eventbus.events import DomainEvent


@dataclasses.dataclass(frozen=True)
class Subscription:
    name: str
    event_type: type[DomainEvent]
    handler: Callable[[DomainEvent], object]
    queue: str
    # Optional: applies many events at once (a page), with the same effect as `handler` on each in turn.
    batch_handler: Callable[[Sequence[DomainEvent]], object] | None = None

    def apply(self, events: Sequence[DomainEvent]) -> None:
        if self.batch_handler is not None:
            self.batch_handler(events)
        else:
            for event in events:
                self.handler(event)


@dataclasses.dataclass(frozen=True)
class Group:
    """The subscriptions of one queue, and the database their writes (and their checkpoint) live in."""

    name: str
    database: str
    subscriptions: tuple[Subscription, ...]

    def event_types(self) -> list[str]:
        return sorted({subscription.event_type.type_name() for subscription in self.subscriptions})

    def subscriptions_for(self, event_type: type[DomainEvent]) -> list[Subscription]:
        return [subscription for subscription in self.subscriptions if subscription.event_type is event_type]


_registry: dict[str, Subscription] = {}
_databases: dict[str, str] = {}
_groups: dict[str, Group] = {}  # built once from the registry, which is complete after the apps are ready


def subscribe(
    event_type: type[DomainEvent],
    handler: Callable[[DomainEvent], object],
    *,
    queue: str,
    batch_handler: Callable[[Sequence[DomainEvent]], object] | None = None,
    database: str = DEFAULT_DB_ALIAS,
) -> None:
    # The name keys the dead letters, so it must stay stable across releases: module, function and event type.
    name = f"{handler.__module__}.{handler.__qualname__}:{event_type.type_name()}"
    subscription = Subscription(
        name=name, event_type=event_type, handler=handler, queue=queue, batch_handler=batch_handler
    )
    if _registry.setdefault(name, subscription) != subscription:
        raise ValueError(f"{name} is subscribed twice, to different events or queues")
    if _databases.setdefault(queue, database) != database:
        raise ValueError(f"the group {queue} writes to two databases")
    _groups.clear()


def subscriptions_for(event_type: type[DomainEvent]) -> list[Subscription]:
    """In the order they were subscribed (the order of INSTALLED_APPS)."""
    return [subscription for subscription in _registry.values() if subscription.event_type is event_type]


def subscription_named(name: str) -> Subscription:
    return _registry[name]


def all_subscriptions() -> list[Subscription]:
    return list(_registry.values())


def groups() -> list[Group]:
    return [group_named(name) for name in dict.fromkeys(s.queue for s in _registry.values())]


def group_named(name: str) -> Group:
    if name not in _groups:
        members = tuple(subscription for subscription in _registry.values() if subscription.queue == name)
        if not members:
            raise KeyError(f"no subscription is in the group {name!r}")
        _groups[name] = Group(name=name, database=_databases[name], subscriptions=members)
    return _groups[name]


def groups_for(event_types: Sequence[type[DomainEvent]]) -> list[str]:
    """The groups that some of these event types concern, in registry order."""
    wanted = set(event_types)
    return list(dict.fromkeys(s.queue for s in _registry.values() if s.event_type in wanted))
