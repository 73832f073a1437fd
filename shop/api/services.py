"""The API plumbing's own writes: forgetting expired Idempotency-Keys."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from shop.api.idempotency import KEY_LIFETIME
from shop.api.models import IdempotencyRecord


def idempotency_keys_forget_expired(*, now: datetime | None = None) -> int:
    """Deletes the answers stored for keys older than 24 hours (a returning expired key is new anyway);
    returns how many."""
    cutoff = (now or timezone.now()) - KEY_LIFETIME
    deleted, _per_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
