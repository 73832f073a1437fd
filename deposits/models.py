from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DepositStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    UNMATCHED = "unmatched", _("Waiting for the seller")
    DISMISSED = "dismissed", _("Dismissed")


class UnmatchedReason(models.TextChoices):
    AMOUNT_MISMATCH = "amount_mismatch", _("Right name, another amount")
    AMBIGUOUS = "ambiguous", _("Several orders match")
    NO_CANDIDATE = "no_candidate", _("No order matches")


class Deposit(models.Model):
    """One incoming line of the shop's bank statement, once: the bank's transaction id is unique."""

    Status = DepositStatus
    Reason = UnmatchedReason

    transaction_id = models.CharField(max_length=64, unique=True)
    deposited_at = models.DateTimeField()
    depositor_name = models.CharField(max_length=50)
    amount = models.BigIntegerField(help_text="won")
    status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    order_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who matched or dismissed it by hand; empty when the shop matched it.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-deposited_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-id"], name="deposit_status_newest"),
            models.Index(fields=["order_id"], name="deposit_order"),
        ]

    def __str__(self) -> str:
        return f"{self.transaction_id}: {self.depositor_name} {self.amount:,}"
