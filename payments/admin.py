from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from payments.models import Payment
from payments.services import payment_confirm_deposits
from shop.admin_tools import ReadOnlyAdmin


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["order_id", "amount", "depositor_name", "status", "cancel_reason", "created_at", "confirmed_at"]
    list_filter = ["status", "cancel_reason"]
    search_fields = ["=order_id", "depositor_name"]
    actions = ["confirm_deposit"]
    readonly_fields = [
        "order_id",
        "amount",
        "depositor_name",
        "bank_account",
        "lines",
        "status",
        "created_at",
        "confirmed_at",
        "confirmed_by",
        "canceled_at",
        "canceled_by",
        "cancel_reason",
    ]

    @admin.action(description=_("Confirm deposit"))
    def confirm_deposit(self, request, queryset):
        order_ids = sorted(queryset.values_list("order_id", flat=True))
        for outcome in payment_confirm_deposits(order_ids, confirmed_by=request.user):
            level = messages.SUCCESS if outcome.confirmed else messages.WARNING
            self.message_user(request, outcome.message, level)
