"""Customer accounts and their API tokens. Customers are Django users; the seller is any user with `is_staff`.

A token is one device's sign-in (django-rest-knox): stored as a digest, living TOKEN_TTL, and revoked one by
one (logout), all at once (logout everywhere), or by a password change.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from accounts.models import UsernameSkeleton
from accounts.second_factor import second_factor_remove
from accounts.skeleton import skeleton
from shop.errors import InvalidInput


class UsernameTaken(Exception):
    """Another registration took the name between validation and the insert."""


FORGOTTEN_PREFIX = "forgotten-"  # the name of a forgotten account: forgotten-<its id>


def username_taken(username: str) -> bool:
    """Whether a user has this name, or one that looks like it (the same confusable skeleton); the names of
    forgotten accounts are all taken, so that nobody can hold the one a forgotten account will need."""
    name = skeleton(username)
    return name.startswith(skeleton(FORGOTTEN_PREFIX)) or UsernameSkeleton.objects.filter(skeleton=name).exists()


def account_register(*, username: str, password: str) -> tuple[int, str]:
    """Creates a customer (never staff) with a token; returns the user's id and the token."""
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username=username, password=password)
            if not UsernameSkeleton.objects.filter(user=user).exists():  # a look-alike registered meanwhile
                raise IntegrityError(f"the skeleton of {username!r} is taken")
            token = token_issue(user=user)
    except IntegrityError:  # LOWER(username) or the skeleton, taken by a concurrent registration
        raise UsernameTaken(username) from None
    return user.pk, token


def token_issue(*, user) -> str:
    """A new token for one more device; the user's other tokens keep working."""
    _stored, token = AuthToken.objects.create(user=user)
    return token


def token_revoke(*, token: AuthToken) -> None:
    token.delete()


def tokens_revoke_all(*, user) -> int:
    """Signs the user out of every device; returns how many tokens that ended."""
    revoked, _per_model = AuthToken.objects.filter(user=user).delete()
    return revoked


class WrongPassword(InvalidInput):
    """The current password given to change it is not the current password."""


@transaction.atomic
def password_change(*, user, old_password: str, new_password: str) -> str:
    """Sets the new password (Django's validators judge it), ends every token of the user, and returns a fresh
    one for the device that asked: whoever held another token, a thief included, is signed out."""
    if not user.check_password(old_password):
        raise WrongPassword({"old_password": [_("This is not your current password.")]})
    try:
        password_validation.validate_password(new_password, user=user)
    except ValidationError as error:
        raise InvalidInput({"new_password": error.messages}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])  # every token ends with it (accounts.receivers)
    return token_issue(user=user)


def tokens_forget_expired() -> int:
    """Deletes the tokens past their expiry (a token presented after it is refused and deleted by knox at
    once; these are the ones never presented again); returns how many."""
    deleted, _per_model = AuthToken.objects.filter(expiry__lt=timezone.now()).delete()
    return deleted


@transaction.atomic
def account_forget(*, user) -> None:
    """The person asked to be forgotten: the account keeps its id (orders and payments point to it, and the
    law keeps those), but no name, no e-mail, no password, no tokens, and it can never sign in again."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    old_name = user.get_username()
    tokens_revoke_all(user=user)
    second_factor_remove(user)
    for attempts in (AccessAttempt, AccessFailureLog, AccessLog):  # the lockout's records name the person too
        attempts.objects.filter(username=old_name).delete()
    user.username = f"{FORGOTTEN_PREFIX}{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
