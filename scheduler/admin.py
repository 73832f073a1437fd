from django.contrib import admin

from scheduler.models import Job
from shop.admin_tools import OperatorAdmin


@admin.register(Job)
class JobAdmin(OperatorAdmin):
    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at", "last_failed", "last_outcome"]
