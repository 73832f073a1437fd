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

    transaction_id = models.CharField(max_length=64, unique=True, verbose_name=_("transaction id"))
    deposited_at = models.DateTimeField(verbose_name=_("deposited at"))
    depositor_name = models.CharField(max_length=50, verbose_name=_("depositor name"))
    amount = models.BigIntegerField(help_text="won", verbose_name=_("amount"))
    status = models.CharField(max_length=20, choices=Status.choices, verbose_name=_("status"))
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True, verbose_name=_("reason"))
    order_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("order id"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    # Who matched or dismissed it by hand; empty when the shop matched it.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        ordering = ["-deposited_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-id"], name="deposit_status_newest"),
            models.Index(fields=["order_id"], name="deposit_order"),
        ]

    def __str__(self) -> str:
        return f"{self.transaction_id}: {self.depositor_name} {self.amount:,}"
