from django.contrib import admin

from deliveries.models import Delivery
from shop.admin_tools import ReadOnlyAdmin


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["order_id", "status", "shipping_address", "started_at", "completed_at"]
    list_filter = ["status"]
    search_fields = ["=order_id", "shipping_address"]
