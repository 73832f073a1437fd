from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from orders.lifecycle import LEFT_BY_THE_SAGA
from orders.models import Order


def order_list_for_customer(*, customer) -> QuerySet[Order]:
    return Order.objects.filter(customer=customer).prefetch_related("lines")


def orders_stuck(*, now: datetime | None = None) -> QuerySet[Order]:
    """Orders sitting in a step the saga leaves by itself for longer than SAGA_STUCK_AFTER, oldest first."""
    since = (now or timezone.now()) - settings.SAGA_STUCK_AFTER
    return Order.objects.filter(status__in=LEFT_BY_THE_SAGA, updated_at__lt=since).order_by("updated_at")
