"""The read model listens to every event of the saga; it is written by nothing else. Its group applies a
page of events as one upsert per order (orderview.services.orderview_apply)."""

from django.conf import settings

from eventbus.events import DomainEvent
from eventbus.subscriptions import subscribe
from orderview import services
from orderview.projection import PROJECTED_EVENTS


def project(event: DomainEvent) -> None:
    services.orderview_apply([event])


def connect() -> None:
    for event_type in PROJECTED_EVENTS:
        subscribe(
            event_type,
            project,
            queue=services.GROUP,
            batch_handler=services.orderview_apply,
            database=settings.ORDERVIEW_DATABASE,  # where the read model, its checkpoint and dead letters live
        )
