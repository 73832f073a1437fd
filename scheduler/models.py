from django.db import models


class Job(models.Model):
    """One management command of SCHEDULED_COMMANDS and when it runs next.

    The row is the schedule every scheduler process shares: a run is claimed by moving `next_run_at` forward
    in one conditional UPDATE, which exactly one process wins. Any number of schedulers may therefore run
    (two replicas, a deploy overlapping the old one) and each job still runs once per interval.
    """

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.TextField(blank=True)
    last_failed = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
