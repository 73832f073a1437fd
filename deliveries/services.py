"""Every write to deliveries. Each is idempotent and tolerates the events arriving out of order."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from deliveries.events import DeliveryStarted
from deliveries.models import Delivery
from eventbus.bus import publish
from shop.personal_data import FORGOTTEN

logger = logging.getLogger(__name__)


def _lock(order_id: int) -> Delivery:
    delivery, _ = Delivery.objects.select_for_update().get_or_create(order_id=order_id)
    return delivery


@transaction.atomic
def delivery_register_address(*, order_id: int, shipping_address: str) -> Delivery:
    delivery = _lock(order_id)
    if not delivery.shipping_address:
        delivery.shipping_address = shipping_address
        delivery.save(update_fields=["shipping_address"])
    return delivery


@transaction.atomic
def delivery_start(*, order_id: int) -> Delivery:
    """The order's stock was taken: the parcel leaves. Starts once, however often it is asked."""
    delivery = _lock(order_id)
    if delivery.status != Delivery.Status.PENDING:
        if delivery.status == Delivery.Status.CANCELED:
            logger.error("stock taken for order %s, whose delivery is canceled", order_id)
        return delivery
    now = timezone.now()
    delivery.start(at=now)
    delivery.save()
    publish(DeliveryStarted(order_id=order_id, occurred_at=now))
    return delivery


@transaction.atomic
def delivery_complete(*, order_id: int, at: datetime) -> Delivery:
    delivery = _lock(order_id)
    if delivery.status in (Delivery.Status.PENDING, Delivery.Status.STARTED):
        delivery.complete(at=at)
        delivery.save()
    return delivery


@transaction.atomic
def delivery_cancel(*, order_id: int) -> Delivery:
    delivery = _lock(order_id)
    if delivery.status == Delivery.Status.PENDING:
        delivery.cancel()
        delivery.save()
    return delivery


@transaction.atomic
def deliveries_forget_address(*, order_ids: list[int]) -> int:
    """Replaces the shipping address on the deliveries of these orders; their states stay."""
    return Delivery.objects.filter(order_id__in=order_ids).update(shipping_address=FORGOTTEN)
