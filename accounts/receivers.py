"""What follows a user's save, however it was made (registration, the admin, `createsuperuser`,
`changepassword`): the skeleton of the name, and the end of every token after a new password. Connected in
AccountsConfig.ready()."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from accounts.models import UsernameSkeleton
from accounts.services import tokens_revoke_all
from accounts.skeleton import skeleton

logger = logging.getLogger(__name__)


def record_username_skeleton(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and instance.USERNAME_FIELD not in update_fields:
        return  # a save of other fields (the last sign-in's time, a new password): the name is as it was
    name = skeleton(instance.get_username())
    try:
        with transaction.atomic():
            UsernameSkeleton.objects.update_or_create(user_id=instance.pk, defaults={"skeleton": name})
    except IntegrityError:
        # Only registration refuses a look-alike (accounts/services.py); a name staff chose is theirs to keep.
        logger.warning("user %s has a name that looks like another user's", instance.pk)


def sign_out_after_new_password(sender, instance, created=False, **kwargs) -> None:
    """A new password, set by any route (the API, the admin's form, `manage.py changepassword`), signs every
    device out: whoever held a token, a thief included, must sign in with the new password. So does a saved
    account without a usable password (the admin's "password-based authentication: disabled", the usual
    answer to a stolen account). Django remembers a password set since the last save in `_password`
    (AbstractBaseUser.set_password) until after post_save; a hash upgraded at sign-in is not a new password
    and leaves it empty. (A password written by QuerySet.update goes around every signal.)"""
    if created:
        return
    if getattr(instance, "_password", None) is not None or not instance.has_usable_password():
        tokens_revoke_all(user=instance)
