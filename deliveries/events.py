"""What deliveries publishes, and the words of a delivery's status."""

from __future__ import annotations

import dataclasses

from django.db import models
from django.utils.translation import gettext_lazy as _

from eventbus.events import DomainEvent


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the deposit")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    CANCELED = "canceled", _("Canceled")


@dataclasses.dataclass(frozen=True, kw_only=True)
class DeliveryStarted(DomainEvent):
    """The parcel left for the customer."""
