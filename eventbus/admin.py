from django.contrib import admin, messages

from eventbus.dead_letters import dead_letter_retry
from eventbus.models import Checkpoint, DeadLetter, StoredEvent
from shop.admin_tools import OperatorAdmin


@admin.register(StoredEvent)
class StoredEventAdmin(OperatorAdmin):
    list_display = ["id", "event_type", "order_id", "occurred_at", "recorded_at"]
    list_filter = ["event_type"]
    search_fields = ["=order_id", "=event_id"]


@admin.register(Checkpoint)
class CheckpointAdmin(OperatorAdmin):
    list_display = ["group", "event", "updated_at", "failures", "retry_at", "last_error"]


@admin.register(DeadLetter)
class DeadLetterAdmin(OperatorAdmin):
    list_display = [
        "id", "event_type", "order_id", "subscription", "attempts", "parked_at", "next_retry_at", "resolved_at"
    ]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "subscription", "event_type"]
    search_fields = ["=order_id", "=event_id"]
    actions = ["retry"]

    @admin.action(description="Retry delivery")
    def retry(self, request, queryset):
        for letter_id in queryset.order_by("id").values_list("id", flat=True):
            letter = dead_letter_retry(letter_id=letter_id)
            if letter.resolved_at:
                self.message_user(request, f"{letter}: delivered", messages.SUCCESS)
            else:
                self.message_user(request, f"{letter}: failed again: {letter.error}", messages.ERROR)
