"""Every user gets the skeleton of their name, however the account was made (registration, the admin,
`createsuperuser`): connected in AccountsConfig.ready()."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from accounts.models import UsernameSkeleton
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
