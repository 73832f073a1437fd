"""The order states of SPEC.md: a shared vocabulary of the orders context and the orderview read model."""

from django.db import models
from django.utils.translation import pgettext_lazy


class OrderStatus(models.TextChoices):
    PLACED = "placed", pgettext_lazy("order status", "Order placed")
    AWAITING_DEPOSIT = "awaiting_deposit", pgettext_lazy("order status", "Awaiting deposit")
    DEPOSIT_CONFIRMED = "deposit_confirmed", pgettext_lazy("order status", "Deposit confirmed")
    PREPARING = "preparing", pgettext_lazy("order status", "Preparing")
    SHIPPING = "shipping", pgettext_lazy("order status", "Shipping")
    CLOSED = "closed", pgettext_lazy("order status", "Receipt confirmed")
    CANCELED = "canceled", pgettext_lazy("order status", "Canceled")


# The forward path. Events may arrive late or out of order, so a step may be reached from any step
# before it, and a step already passed is never gone back to. Canceled ends every path.
ORDER_STEPS = (
    OrderStatus.PLACED,
    OrderStatus.AWAITING_DEPOSIT,
    OrderStatus.DEPOSIT_CONFIRMED,
    OrderStatus.PREPARING,
    OrderStatus.SHIPPING,
    OrderStatus.CLOSED,
)
