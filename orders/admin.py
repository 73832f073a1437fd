from django.contrib import admin
from django.utils.translation import gettext_lazy

from audit.display import history_table
from orders.models import Order, OrderLine
from shop.admin_tools import ReadOnlyAdmin, is_seller


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = ["product_id", "product_name", "unit_price", "quantity", "line_total"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return is_seller(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["id", "customer", "status", "total", "depositor_name", "created_at"]
    list_filter = ["status"]
    search_fields = ["=id", "customer__username", "depositor_name"]
    list_select_related = ["customer"]
    inlines = [OrderLineInline]
    readonly_fields = [
        "history",
        "customer",
        "status",
        "total",
        "shipping_address",
        "depositor_name",
        "bank_account",
        "created_at",
        "updated_at",
        "canceled_at",
        "canceled_by",
        "cancel_reason",
        "closed_at",
    ]

    @admin.display(description=gettext_lazy("history: who did what, and when"))
    def history(self, order):
        return history_table(order.pk)
