from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from payments.events import CancelReason, PaymentStatus


class Payment(FSMModelMixin, models.Model):
    """One bank-transfer payment per order. `order_id` is the saga's correlation key."""

    Status = PaymentStatus
    CancelReason = CancelReason

    order_id = models.BigIntegerField(unique=True)
    amount = models.BigIntegerField(help_text="won")
    depositor_name = models.CharField(max_length=50)
    bank_account = models.CharField(max_length=200)
    # What the stock check at confirmation needs, copied from OrderPlaced: [{product_id, quantity}].
    lines = models.JSONField(default=list)
    status = FSMField(default=Status.PENDING, choices=Status.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    canceled_at = models.DateTimeField(null=True, blank=True)
    # Empty with a cancel reason of out_of_stock: the system canceled it as compensation.
    canceled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(max_length=30, choices=CancelReason.choices, blank=True)

    class Meta:
        ordering = ["-order_id"]

    def __str__(self) -> str:
        return f"payment for order {self.order_id} ({self.status})"

    @transition(field=status, source=Status.PENDING, target=Status.CONFIRMED)
    def confirm(self, *, by_id: int | None, at) -> None:
        self.confirmed_by_id = by_id
        self.confirmed_at = at

    @transition(field=status, source=Status.PENDING, target=Status.CANCELED)
    def cancel(self, *, reason: str, by_id: int | None, at) -> None:
        self.cancel_reason = reason
        self.canceled_by_id = by_id
        self.canceled_at = at
