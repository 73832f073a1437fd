from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, TransitionNotAllowed, transition

from orders import lifecycle
from orders.lifecycle import OrderStatus
from payments.events import CancelReason


class Order(FSMModelMixin, models.Model):
    """The order's own state walks the path of orders/lifecycle.py. The forward steps that other contexts
    report may skip steps whose events are late, and never go back."""

    Status = OrderStatus

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    status = FSMField(
        default=Status.PLACED, choices=Status.choices, protected=True, db_index=True, verbose_name=_("status")
    )
    shipping_address = models.CharField(max_length=300, verbose_name=_("shipping address"))
    depositor_name = models.CharField(max_length=50, verbose_name=_("depositor name"))
    bank_account = models.CharField(
        max_length=200, help_text=_("where the customer sends the deposit"), verbose_name=_("bank account")
    )
    total = models.BigIntegerField(help_text="won", verbose_name=_("total"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    # The transfer's deadline: created_at + DEPOSIT_DEADLINE (null on orders placed before deadlines existed).
    deposit_due_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deposit due at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    canceled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("canceled at"))
    canceled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("canceled by"),
    )
    cancel_reason = models.CharField(
        max_length=30, choices=CancelReason.choices, blank=True, verbose_name=_("cancel reason")
    )
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-id"]
        indexes = [models.Index(fields=["customer", "-id"], name="order_customer_newest")]

    def __str__(self) -> str:
        return _("order %(id)s") % {"id": self.pk}

    @transition(field=status, source=[Status.PLACED], target=Status.AWAITING_DEPOSIT)
    def mark_awaiting_deposit(self) -> None:
        pass

    @transition(field=status, source=[Status.PLACED, Status.AWAITING_DEPOSIT], target=Status.DEPOSIT_CONFIRMED)
    def mark_deposit_confirmed(self) -> None:
        pass

    @transition(
        field=status,
        source=[Status.PLACED, Status.AWAITING_DEPOSIT, Status.DEPOSIT_CONFIRMED],
        target=Status.PREPARING,
    )
    def mark_preparing(self) -> None:
        pass

    @transition(
        field=status,
        source=[Status.PLACED, Status.AWAITING_DEPOSIT, Status.DEPOSIT_CONFIRMED, Status.PREPARING],
        target=Status.SHIPPING,
    )
    def mark_shipping(self) -> None:
        pass

    @transition(field=status, source=[Status.SHIPPING], target=Status.CLOSED)
    def close(self, *, at) -> None:
        self.closed_at = at

    @transition(field=status, source=[Status.PLACED, Status.AWAITING_DEPOSIT], target=Status.CANCELED)
    def cancel(self, *, reason: str, by_id: int | None, at) -> None:
        self.cancel_reason = reason
        self.canceled_by_id = by_id
        self.canceled_at = at

    def has_reached(self, step: OrderStatus) -> bool:
        return lifecycle.has_reached(self.status, step)

    def advance_to(self, step: OrderStatus) -> None:
        """Takes the transition that leads from here to `step`, one that another context reports
        (orders/lifecycle.py); the order's own steps (close, cancel) take arguments and have services."""
        if step not in lifecycle.REPORTED:
            raise ValueError(f"{step} is not a step that another context reports")
        for available in self.get_available_status_transitions():
            if available.target == step:
                getattr(self, available.name)()
                return
        raise TransitionNotAllowed(f"order {self.pk}: no transition from {self.status} to {step}", object=self)


class OrderLine(models.Model):
    """A product as it was when ordered: its name and price are copied, never looked up again."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    product_id = models.BigIntegerField(verbose_name=_("product id"))
    product_name = models.CharField(max_length=100, verbose_name=_("product name"))
    unit_price = models.BigIntegerField(help_text="won", verbose_name=_("unit price"))
    quantity = models.PositiveIntegerField(verbose_name=_("quantity"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "product_id"], name="order_line_product_once"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity
