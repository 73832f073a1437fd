from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One management command of SCHEDULED_COMMANDS and when it runs next.

    The row is the schedule every scheduler process shares: a run is claimed by moving `next_run_at` forward
    in one conditional UPDATE, which exactly one process wins. Any number of schedulers may therefore run
    (two replicas, a deploy overlapping the old one) and each job still runs once per interval.
    """

    name = models.CharField(max_length=100, primary_key=True, verbose_name=_("name"))
    next_run_at = models.DateTimeField(verbose_name=_("next run at"))
    last_started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last started at"))
    last_finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last finished at"))
    last_outcome = models.TextField(blank=True, verbose_name=_("last outcome"))
    last_failed = models.BooleanField(default=False, verbose_name=_("last failed"))

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
