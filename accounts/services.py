"""Customer accounts and their tokens. Customers are Django users; the seller is any user with `is_staff`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token


class UsernameTaken(Exception):
    """Another registration took the name between validation and the insert."""


def account_register(*, username: str, password: str) -> tuple[int, str]:
    """Creates a customer (never staff) with a token; returns the user's id and the token."""
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username=username, password=password)
            token = Token.objects.create(user=user)
    except IntegrityError:  # the unique index on LOWER(username), hit by a concurrent registration
        raise UsernameTaken(username) from None
    return user.pk, token.key


def account_token(*, user) -> str:
    """The user's API token, created on first sign-in."""
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
