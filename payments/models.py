from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from payments.events import CancelReason, PaymentStatus, RefundReason, RefundStatus


class Payment(FSMModelMixin, models.Model):
    """One bank-transfer payment per order. `order_id` is the saga's correlation key."""

    Status = PaymentStatus
    CancelReason = CancelReason

    order_id = models.BigIntegerField(unique=True, verbose_name=_("order id"))
    amount = models.BigIntegerField(help_text="won", verbose_name=_("amount"))
    depositor_name = models.CharField(max_length=50, verbose_name=_("depositor name"))
    # The name as a bank statement's line is matched on (payments.names.depositor_key), indexed while pending.
    depositor_key = models.CharField(
        max_length=100, blank=True, default="", db_default="", verbose_name=_("depositor key")
    )
    bank_account = models.CharField(max_length=200, verbose_name=_("bank account"))
    deposit_due_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deposit due at"))
    # What the stock check at confirmation needs, copied from OrderPlaced: [{product_id, quantity}].
    lines = models.JSONField(default=list, verbose_name=_("lines"))
    status = FSMField(
        default=Status.PENDING, choices=Status.choices, protected=True, db_index=True, verbose_name=_("status")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    canceled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("canceled at"))
    # Empty with a cancel reason of out_of_stock: the system canceled it as compensation.
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

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
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

    order_id = models.BigIntegerField(db_index=True, verbose_name=_("order id"))
    amount = models.BigIntegerField(help_text="won", verbose_name=_("amount"))
    reason = models.CharField(max_length=30, choices=Reason.choices, verbose_name=_("reason"))
    status = FSMField(default=Status.DUE, choices=Status.choices, protected=True, verbose_name=_("status"))
    # The customer's refund account (환불계좌), given through the API while the refund is due.
    bank = models.CharField(max_length=50, blank=True, verbose_name=_("bank"))
    account_number = models.CharField(max_length=30, blank=True, verbose_name=_("account number"))
    holder = models.CharField(max_length=50, blank=True, verbose_name=_("holder"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name=_("paid at"))
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("paid by"),
    )

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
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
