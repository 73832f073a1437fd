from django.contrib import admin
from django.utils.translation import gettext_lazy

from orderview.models import OrderStatusView
from shop.admin_tools import ReadOnlyAdmin, money_cell


@admin.register(OrderStatusView)
class OrderStatusViewAdmin(ReadOnlyAdmin):
    list_display = [
        "order_id",
        "customer",
        "status",
        "payment_status",
        "delivery_status",
        "refund_status",
        "money",
        "deposit_due_at",
        "placed_at",
        "updated_at",
    ]
    list_filter = ["status", "payment_status", "delivery_status", "refund_status"]
    # By ids: the read model may live in a database of its own, where no join reaches the users' table.
    search_fields = ["=order_id", "=customer__id"]

    @admin.display(description=gettext_lazy("total"), ordering="total")
    def money(self, row):
        return money_cell(row.total)
