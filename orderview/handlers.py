"""The read model listens to every event of the saga; it is written by nothing else."""

from orderview import services
from orderview.projection import PROJECTED_EVENTS
from shop.eventbus.bus import subscribe
from shop.eventbus.events import DomainEvent


def project(event: DomainEvent) -> None:
    services.orderview_apply(event)


def connect() -> None:
    for event_type in PROJECTED_EVENTS:
        subscribe(event_type, project, queue="orderview")
