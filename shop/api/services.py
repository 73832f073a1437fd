"""The API plumbing's own writes: forgetting expired Idempotency-Keys."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from shop.api.models import KEY_LIFETIME, IdempotencyRecord


def idempotency_keys_forget_expired(*, now: datetime | None = None) -> int:
    """Deletes the answers stored for keys older than 24 hours (a returning expired key is new anyway);
    returns how many."""
    cutoff = (now or timezone.now()) - KEY_LIFETIME
    deleted, _per_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def idempotency_keys_forget_user(*, user) -> int:
    """Deletes the stored answers of the user's Idempotency-Keys (they repeat the person's data)."""
    deleted, _per_model = IdempotencyRecord.objects.filter(user=user).delete()
    return deleted
