from datetime import timedelta

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from payments.models import Payment, Refund
from payments.services import payment_confirm_deposits, refunds_mark_paid
from shop.admin_tools import ReadOnlyAdmin, money_cell

DUE_SOON = timedelta(hours=24)


class DeadlineFilter(admin.SimpleListFilter):
    """The pending payments whose deadline is near, or passed (the scheduler expires those within a minute)."""

    title = _("deposit deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("soon", _("due within 24 hours")), ("expired", _("deadline passed"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        pending = queryset.filter(status=Payment.Status.PENDING)
        if self.value() == "soon":
            return pending.filter(deposit_due_at__gte=now, deposit_due_at__lt=now + DUE_SOON)
        if self.value() == "expired":
            return queryset.filter(cancel_reason=Payment.CancelReason.DEPOSIT_EXPIRED) | pending.filter(
                deposit_due_at__lt=now
            )
        return queryset


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["order_id", "money", "depositor_name", "status", "deposit_due_at", "cancel_reason", "created_at"]
    list_filter = ["status", DeadlineFilter, "cancel_reason"]
    search_fields = ["=order_id", "depositor_name"]
    actions = ["confirm_deposit"]
    readonly_fields = [
        "order_id",
        "money",
        "depositor_name",
        "bank_account",
        "order_lines",
        "status",
        "deposit_due_at",
        "created_at",
        "confirmed_at",
        "confirmed_by",
        "canceled_at",
        "canceled_by",
        "cancel_reason",
    ]
    exclude = ["amount", "lines", "depositor_key"]

    @admin.display(description=_("amount"), ordering="amount")
    def money(self, payment):
        return money_cell(payment.amount)

    @admin.display(description=_("order lines"))
    def order_lines(self, payment):
        return ", ".join(
            _("product %(id)s × %(quantity)s") % {"id": line["product_id"], "quantity": line["quantity"]}
            for line in payment.lines
        )

    @admin.action(description=_("Confirm deposit"))
    def confirm_deposit(self, request, queryset):
        order_ids = sorted(queryset.values_list("order_id", flat=True))
        for outcome in payment_confirm_deposits(order_ids, confirmed_by=request.user):
            level = messages.SUCCESS if outcome.confirmed else messages.WARNING
            self.message_user(request, outcome.message, level)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    """Money owed back, oldest first: Korean e-commerce law gives the shop three business days."""

    list_display = ["id", "order_id", "money", "reason", "status", "age", "account", "created_at", "paid_at"]
    list_filter = ["status", "reason"]
    search_fields = ["=order_id", "holder"]
    ordering = ["status", "created_at", "id"]  # "due" sorts before "paid": what is owed first, oldest first
    actions = ["mark_paid"]
    readonly_fields = [
        "order_id",
        "money",
        "reason",
        "status",
        "bank",
        "account_number",
        "holder",
        "created_at",
        "paid_at",
        "paid_by",
    ]
    exclude = ["amount"]

    @admin.display(description=_("amount"), ordering="amount")
    def money(self, refund):
        return money_cell(refund.amount)

    @admin.display(description=_("waiting for"))
    def age(self, refund):
        return timesince(refund.created_at) if refund.status == Refund.Status.DUE else "—"

    @admin.display(description=_("refund account"))
    def account(self, refund):
        account = refund.refund_account
        if account is None:
            return _("not given yet")
        return f"{account['bank']} {account['account_number']} ({account['holder']})"

    @admin.action(description=_("Mark the refund paid"))
    def mark_paid(self, request, queryset):
        for _refund_id, paid, message in refunds_mark_paid(
            sorted(queryset.values_list("pk", flat=True)), paid_by=request.user
        ):
            self.message_user(request, message, messages.SUCCESS if paid else messages.WARNING)
