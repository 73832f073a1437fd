"""The API's own writes: customer accounts and their tokens, and forgetting expired Idempotency-Keys."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from shop.api.idempotency import KEY_LIFETIME
from shop.api.models import IdempotencyRecord


class UsernameTaken(Exception):
    """Another registration took the name between validation and the insert."""


def account_register(*, username: str, password: str) -> tuple[int, str]:
    """Creates a customer (never staff) with a token; returns the user's id and the token."""
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username=username, password=password)
            token = Token.objects.create(user=user)
    except IntegrityError:  # the unique index on username, hit by a concurrent registration
        raise UsernameTaken(username) from None
    return user.pk, token.key


def idempotency_keys_forget_expired(*, now: datetime | None = None) -> int:
    """Deletes the answers stored for keys older than 24 hours (a returning expired key is new anyway);
    returns how many."""
    cutoff = (now or timezone.now()) - KEY_LIFETIME
    deleted, _per_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
