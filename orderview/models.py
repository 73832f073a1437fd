from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.lifecycle import DELIVERY_STATUS_AFTER, PAYMENT_STATUS_AFTER, OrderStatus
from payments.events import CancelReason, RefundStatus


def _choices(statuses) -> list[tuple[str, str]]:
    """The choices of a column: the statuses the lifecycle gives it, each once, in their order."""
    return [(status.value, status.label) for status in dict.fromkeys(statuses)]


class OrderStatusView(models.Model):
    """One denormalized row per order, the customer's "my page". Only event handlers write it.

    Every column is derived from the events alone (their times included), so rebuilding from the
    recorded events gives back exactly the rows that live delivery built.
    """

    order_id = models.BigIntegerField(primary_key=True, verbose_name=_("order id"))
    # Empty until OrderPlaced arrives; until then the row is nobody's and no customer sees it.
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
        verbose_name=_("customer"),
    )
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PLACED, verbose_name=_("status")
    )
    items = models.JSONField(default=list, verbose_name=_("items"))
    total = models.BigIntegerField(null=True, blank=True, verbose_name=_("total"))
    # NULL, not "": SPEC's read model answers null while there is no payment, delivery or cancellation.
    payment_status = models.CharField(  # noqa: DJ001
        max_length=20,
        choices=_choices(PAYMENT_STATUS_AFTER.values()),
        null=True,
        blank=True,
        verbose_name=_("payment status"),
    )
    delivery_status = models.CharField(  # noqa: DJ001
        max_length=20,
        choices=_choices(DELIVERY_STATUS_AFTER.values()),
        null=True,
        blank=True,
        verbose_name=_("delivery status"),
    )
    cancel_reason = models.CharField(  # noqa: DJ001
        max_length=30, choices=CancelReason.choices, null=True, blank=True, verbose_name=_("cancel reason")
    )
    deposit_due_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deposit due at"))
    refund_status = models.CharField(  # noqa: DJ001
        max_length=20, choices=RefundStatus.choices, null=True, blank=True, verbose_name=_("refund status")
    )
    placed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("placed at"))
    updated_at = models.DateTimeField(verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("order status")
        verbose_name_plural = _("order statuses")
        ordering = ["-placed_at", "-order_id"]
        indexes = [models.Index(fields=["customer", "-placed_at", "-order_id"], name="orderview_my_orders")]

    def __str__(self) -> str:
        return f"order {self.order_id}: {self.status}"
