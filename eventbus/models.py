from django.db import models


class StoredEvent(models.Model):
    """The outbox and the event log in one table.

    `publish()` inserts a row in the transaction of the change the event reports, so the change and its
    event commit or roll back together. A row then goes through two marks:

    - `dispatched_at`: every subscription's delivery was handed over (run in-process, or accepted by the
      broker). The relay re-sends rows left undispatched (the broker was down, the process died).
    - `completed_at`: every subscription has processed the event (its inbox row exists) or parked it as a
      dead letter. The relay checks rows dispatched a while ago and not completed, and re-sends the event
      to the subscriptions that never got it (a broker that lost its queue, a task that was dropped).

    Rows are kept afterwards: they are the history that `rebuild_orderview` replays.
    """

    event_id = models.UUIDField(unique=True)
    event_type = models.CharField(max_length=64)
    order_id = models.BigIntegerField(db_index=True)
    occurred_at = models.DateTimeField()
    payload = models.JSONField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["id"], condition=models.Q(dispatched_at__isnull=True), name="eventbus_undispatched"),
            models.Index(
                fields=["dispatched_at"], condition=models.Q(completed_at__isnull=True), name="eventbus_incomplete"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.order_id} ({self.event_id})"


class ProcessedEvent(models.Model):
    """The inbox: one row per (subscription, event) handled, written in the handler's own transaction.

    The unique constraint is what makes every handler idempotent: a second delivery of the same event finds
    the row and changes nothing, and two deliveries racing each other serialize on the index.
    """

    subscription = models.CharField(max_length=200)
    event_id = models.UUIDField()
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="eventbus_processed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription} ← {self.event_id}"


class DeadLetter(models.Model):
    """An event one subscription could not handle after every attempt. Parked here so it blocks nothing;
    shown in the admin, and retried with `manage.py retry_dead_letters` (or the admin action) once the
    cause is fixed."""

    subscription = models.CharField(max_length=200)
    event_id = models.UUIDField()
    event_type = models.CharField(max_length=64)
    order_id = models.BigIntegerField(db_index=True)
    message = models.JSONField()
    error = models.TextField()
    attempts = models.PositiveIntegerField()
    parked_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="eventbus_dead_letter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.order_id} for {self.subscription}"
