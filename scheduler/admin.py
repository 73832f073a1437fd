from django.contrib import admin

from scheduler.models import Job
from shop.admin_tools import ReadOnlyAdmin


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at", "last_failed", "last_outcome"]
