from django.contrib import admin

from orderview.models import OrderStatusView
from shop.admin_tools import ReadOnlyAdmin


@admin.register(OrderStatusView)
class OrderStatusViewAdmin(ReadOnlyAdmin):
    list_display = [
        "order_id",
        "customer",
        "status",
        "payment_status",
        "delivery_status",
        "total",
        "placed_at",
        "updated_at",
    ]
    list_filter = ["status", "payment_status", "delivery_status"]
    # By ids: the read model may live in a database of its own, where no join reaches the users' table.
    search_fields = ["=order_id", "=customer__id"]
