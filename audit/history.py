"""An order's history: every event of the order, when it happened and who did it. Each event says who
(DomainEvent.performed_by); nothing here knows one event type from another.

An event that names the shop itself as its actor is a compensation: the shop undid a step to make up for a
failure (a cancel for short stock). The shop's ordinary reactions name no actor at all."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model

from audit.actors import SYSTEM, system_actor
from eventbus import codec
from eventbus.models import StoredEvent

logger = logging.getLogger(__name__)


def order_history(order_id: int) -> dict | None:
    """Every event of the order, oldest first, each with its actor. None when the order has no events.

    Entries: {"event", "at", "actor", "details", "compensation"}; `details` is the event's payload without
    the actor, `compensation` is true when the shop undid a step itself (a cancel for short stock)."""
    rows = list(StoredEvent.objects.filter(order_id=order_id).order_by("occurred_at", "id"))
    if not rows:
        return None
    recorded = [_performed_by(row) for row in rows]
    actors = [who or system_actor() for who in recorded]
    unnamed = {who["user_id"] for who in actors if who["user_id"] is not None and who["username"] is None}
    usernames = dict(get_user_model().objects.filter(pk__in=unnamed).values_list("pk", "username"))
    entries = [
        {
            "event": row.event_type,
            "at": row.occurred_at,
            "actor": {**who, "username": who["username"] or usernames.get(who["user_id"])},
            "details": {k: v for k, v in row.payload.items() if k != "actor"},
            "compensation": bool(stamped and stamped["kind"] == SYSTEM),
        }
        for row, who, stamped in zip(rows, actors, recorded, strict=True)
    ]
    return {"order_id": order_id, "entries": entries}


def _performed_by(row: StoredEvent) -> dict | None:
    try:
        return codec.from_outbox(row).performed_by()
    except (KeyError, TypeError, ValueError):
        # A row that is no event of this code (malformed, or of an older shape) is still history: shown as
        # recorded, with no actor to name.
        logger.warning("event %s of order %s does not decode; shown as recorded", row.event_id, row.order_id)
        return None
