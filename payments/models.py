from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from payments.events import CancelReason, PaymentStatus, RefundReason, RefundStatus


class Payment(FSMModelMixin, models.Model):
    """One bank-transfer payment per order. `order_id` is the saga's correlation key."""

    Status = PaymentStatus
    CancelReason = CancelReason

    order_id = models.BigIntegerField(unique=True)
    amount = models.BigIntegerField(help_text="won")
    depositor_name = models.CharField(max_length=50)
    # The name as a bank statement's line is matched on (payments.names.depositor_key), indexed while pending.
    depositor_key = models.CharField(max_length=100, blank=True, default="", db_default="")
    bank_account = models.CharField(max_length=200)
    deposit_due_at = models.DateTimeField(null=True, blank=True)
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
        indexes = [
            # What is still open, and only that: the expiry's and the bank statement's lookups stay as fast
            # at a million payments as at a hundred.
            models.Index(fields=["deposit_due_at"], condition=models.Q(status="pending"), name="payment_pending_due"),
            models.Index(
                fields=["depositor_key", "amount"], condition=models.Q(status="pending"), name="payment_pending_key"
            ),
        ]

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


class Refund(FSMModelMixin, models.Model):
    """Money the shop owes back: it received a deposit for an order that will not ship. An order may have
    several (a second and a third deposit). The legal clock (three business days) runs from `created_at`."""

    Status = RefundStatus
    Reason = RefundReason

    order_id = models.BigIntegerField(db_index=True)
    amount = models.BigIntegerField(help_text="won")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    status = FSMField(default=Status.DUE, choices=Status.choices, protected=True)
    # The customer's refund account (환불계좌), given through the API while the refund is due.
    bank = models.CharField(max_length=50, blank=True)
    account_number = models.CharField(max_length=30, blank=True)
    holder = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"], condition=models.Q(status="due"), name="refund_due_oldest")]

    def __str__(self) -> str:
        return f"refund {self.pk} of order {self.order_id} ({self.status})"

    @property
    def refund_account(self) -> dict | None:
        if not self.account_number:
            return None
        return {"bank": self.bank, "account_number": self.account_number, "holder": self.holder}

    @transition(field=status, source=Status.DUE, target=Status.PAID)
    def mark_paid(self, *, by_id: int | None, at) -> None:
        self.paid_by_id = by_id
        self.paid_at = at
