"""Who did it: the actor recorded with every confirmation, cancellation and receipt, in the event itself.
The event log is therefore the audit trail (see `shop/api/audit.py` and the order's admin page)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from shop.eventbus.models import StoredEvent

CUSTOMER, STAFF, SYSTEM, OPERATOR = "customer", "staff", "system", "operator"


def actor(user) -> dict:
    """A signed-in person: the seller when staff, otherwise a customer."""
    return {"kind": STAFF if user.is_staff else CUSTOMER, "user_id": user.pk, "username": user.get_username()}


def system_actor() -> dict:
    """The shop itself, e.g. canceling a payment and its order as compensation for short stock."""
    return {"kind": SYSTEM, "user_id": None, "username": None}


def operator_actor() -> dict:
    """Someone at a shell, running a management command without naming a user."""
    return {"kind": OPERATOR, "user_id": None, "username": None}


def order_history(order_id: int) -> dict | None:
    """Every event of the order, oldest first, each with its actor. None when the order has no events."""
    events = list(StoredEvent.objects.filter(order_id=order_id).order_by("occurred_at", "id"))
    if not events:
        return None
    customers = {e.payload["customer_id"] for e in events if e.event_type == "OrderPlaced"}
    usernames = dict(get_user_model().objects.filter(pk__in=customers).values_list("pk", "username"))
    entries = []
    for event in events:
        details = {k: v for k, v in event.payload.items() if k != "actor"}
        if "actor" in event.payload:
            who = event.payload["actor"]
        elif event.event_type == "OrderPlaced":
            customer_id = event.payload["customer_id"]
            who = {"kind": CUSTOMER, "user_id": customer_id, "username": usernames.get(customer_id)}
        else:
            who = system_actor()
        entries.append({"event": event.event_type, "at": event.occurred_at, "actor": who, "details": details})
    return {"order_id": order_id, "entries": entries}
