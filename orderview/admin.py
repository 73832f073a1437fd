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
    search_fields = ["=order_id", "customer__username"]
