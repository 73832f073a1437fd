from django.conf import settings
from django.db import models

from shop.order_status import OrderStatus


class OrderStatusView(models.Model):
    """One denormalized row per order, the customer's "my page". Only event handlers write it.

    Every column is derived from the events alone (their times included), so rebuilding from the
    recorded events gives back exactly the rows that live delivery built.
    """

    class PaymentStatus(models.TextChoices):
        PENDING = "pending"
        CONFIRMED = "confirmed"
        CANCELED = "canceled"

    class DeliveryStatus(models.TextChoices):
        STARTED = "started"
        COMPLETED = "completed"

    order_id = models.BigIntegerField(primary_key=True)
    # Empty until OrderPlaced arrives; until then the row is nobody's and no customer sees it.
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PLACED)
    items = models.JSONField(default=list)
    total = models.BigIntegerField(null=True, blank=True)
    # NULL, not "": SPEC's read model answers null while there is no payment, delivery or cancellation.
    payment_status = models.CharField(  # noqa: DJ001
        max_length=20, choices=PaymentStatus.choices, null=True, blank=True
    )
    delivery_status = models.CharField(  # noqa: DJ001
        max_length=20, choices=DeliveryStatus.choices, null=True, blank=True
    )
    cancel_reason = models.CharField(max_length=30, null=True, blank=True)  # noqa: DJ001
    placed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-placed_at", "-order_id"]
        indexes = [models.Index(fields=["customer", "-placed_at", "-order_id"], name="orderview_my_orders")]

    def __str__(self) -> str:
        return f"order {self.order_id}: {self.status}"
