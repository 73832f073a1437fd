"""Runs the management commands of SCHEDULED_COMMANDS (name → seconds between runs) when they are due."""

from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from scheduler.models import Job

logger = logging.getLogger(__name__)


def jobs_run_due(*, now: datetime | None = None) -> list[Job]:
    """Runs every job that is due and that this process claims; returns them with their outcome. A job that
    fails is logged and recorded, and runs again at its next time: it never stops the others."""
    now = now or timezone.now()
    schedule = settings.SCHEDULED_COMMANDS
    Job.objects.bulk_create([Job(name=name, next_run_at=now) for name in schedule], ignore_conflicts=True)
    ran = []
    for name, seconds in schedule.items():
        claimed = Job.objects.filter(name=name, next_run_at__lte=now).update(
            next_run_at=now + timedelta(seconds=seconds), last_started_at=now
        )
        if claimed:
            ran.append(_run(name))
    return ran


def _run(name: str) -> Job:
    output = io.StringIO()
    try:
        call_command(name, stdout=output)
    except Exception as error:
        logger.warning("scheduled job %s failed; it runs again at its next time", name, exc_info=True)
        outcome, failed = f"{type(error).__name__}: {error}", True
    else:
        outcome, failed = output.getvalue().strip(), False
    Job.objects.filter(name=name).update(last_finished_at=timezone.now(), last_outcome=outcome, last_failed=failed)
    return Job.objects.get(name=name)
