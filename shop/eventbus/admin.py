from django.contrib import admin

from shop.admin_tools import ReadOnlyAdmin
from shop.eventbus.models import StoredEvent


@admin.register(StoredEvent)
class StoredEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "event_type", "order_id", "occurred_at", "dispatched_at"]
    list_filter = ["event_type", ("dispatched_at", admin.EmptyFieldListFilter)]
    search_fields = ["=order_id", "=event_id"]
