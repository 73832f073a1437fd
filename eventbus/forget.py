"""Forgetting a person in the event history: the outbox (the event log, kept for the read model's rebuild
and the audit) and the dead letters keep the events, but not the person's data in them."""

from __future__ import annotations

from django.db import transaction

from eventbus.events import DomainEvent
from eventbus.models import DeadLetter, StoredEvent
from shop.personal_data import FORGOTTEN


def _forgotten(event_type: str, payload: dict, user_id: int) -> dict:
    """The payload without the event type's personal fields, and without the person's name as its actor."""
    kept = dict(payload)
    for field in DomainEvent.types[event_type].personal_fields:
        if field in kept:
            kept[field] = FORGOTTEN
    actor = kept.get("actor")
    if isinstance(actor, dict) and actor.get("user_id") == user_id:
        kept["actor"] = {**actor, "username": FORGOTTEN}
    return kept


@transaction.atomic
def events_forget(*, order_ids: list[int], user_id: int) -> int:
    """Forgets the person `user_id` in the events of these orders; returns how many rows changed."""
    changed = 0
    for row in StoredEvent.objects.select_for_update().filter(order_id__in=order_ids).order_by("pk"):
        payload = _forgotten(row.event_type, row.payload, user_id)
        if payload != row.payload:
            StoredEvent.objects.filter(pk=row.pk).update(payload=payload)
            changed += 1
    for letter in DeadLetter.objects.select_for_update().filter(order_id__in=order_ids).order_by("pk"):
        message = {**letter.message, "payload": _forgotten(letter.event_type, letter.message["payload"], user_id)}
        if message != letter.message:
            DeadLetter.objects.filter(pk=letter.pk).update(message=message)
            changed += 1
    return changed
