"""Forgetting a person in the event history: the outbox (the event log, kept for the read model's rebuild
and the audit) and the dead letters keep the events, but not the person's data in them."""

from __future__ import annotations

from django.db import transaction

from eventbus.dead_letters import dead_letter_databases
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
    """Forgets the person `user_id` in the events of these orders, and in their dead letters in every
    database that holds some (a group may keep its own, as the read model's may); returns how many rows
    changed. The error text of a dead letter stays: handlers' errors name ids, never a person."""
    changed = 0
    for row in StoredEvent.objects.select_for_update().filter(order_id__in=order_ids).order_by("pk"):
        payload = _forgotten(row.event_type, row.payload, user_id)
        if payload != row.payload:
            StoredEvent.objects.filter(pk=row.pk).update(payload=payload)
            changed += 1
    for database in dead_letter_databases():
        with transaction.atomic(using=database):
            letters = DeadLetter.objects.using(database).select_for_update().filter(order_id__in=order_ids)
            for letter in letters.order_by("pk"):
                payload = _forgotten(letter.event_type, letter.message["payload"], user_id)
                message = {**letter.message, "payload": payload}
                if message != letter.message:
                    DeadLetter.objects.using(database).filter(pk=letter.pk).update(message=message)
                    changed += 1
    return changed
