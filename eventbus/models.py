from django.db import models
from django.utils.translation import gettext_lazy as _


class CurrentTransactionId(models.Func):
    """The inserting transaction's id, as a bigint: PostgreSQL's `pg_current_xact_id()`. Other databases
    (SQLite) serialize their writers, so there ids alone commit in order and this is 0."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra):
        return "0", []

    def as_postgresql(self, compiler, connection, **extra):
        return "(pg_current_xact_id()::text::bigint)", []


class OldestRunningTransaction(models.Func):
    """Every transaction below this id has ended (PostgreSQL: the xmin of the statement's own snapshot), so
    no event can commit below it any more. Unbounded where writers are serialized."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra):
        return "9223372036854775807", []

    def as_postgresql(self, compiler, connection, **extra):
        return "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint)", []


class StoredEvent(models.Model):
    """The outbox and the event log in one table.

    `publish()` inserts a row in the transaction of the change the event reports, so the change and its
    event commit or roll back together. Subscribers read the log in the order (txid, id), each group up to
    its own checkpoint (eventbus/consumer.py). Ids are taken when a row is inserted but become visible when
    its transaction commits, which may be out of order; a reader therefore takes only rows whose
    transaction is older than every transaction still running (`OldestRunningTransaction`), and nothing can
    ever appear behind its checkpoint.

    Rows are kept: they are the history that `rebuild_orderview` replays and the audit trail reads.
    """

    event_id = models.UUIDField(unique=True, verbose_name=_("event id"))
    event_type = models.CharField(max_length=64, verbose_name=_("event type"))
    order_id = models.BigIntegerField(db_index=True, verbose_name=_("order id"))
    occurred_at = models.DateTimeField(verbose_name=_("occurred at"))
    payload = models.JSONField(verbose_name=_("payload"))
    recorded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("recorded at"))
    txid = models.BigIntegerField(db_default=CurrentTransactionId(), editable=False, verbose_name=_("txid"))

    class Meta:
        verbose_name = _("stored event")
        verbose_name_plural = _("stored events")
        indexes = [models.Index(fields=["txid", "id"], name="eventbus_position")]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.order_id} ({self.event_id})"


class Checkpoint(models.Model):
    """How far one group of subscriptions (a context's queue) has applied the event log.

    A group applies a page of events and moves its checkpoint in one transaction, under the group's lock
    (eventbus/locks.py): the effects and the position commit together, so every event takes effect exactly
    once per subscription, and two workers never apply the same group at once.

    When an event fails, the checkpoint stays before it (`failing_event`, `failures`, `last_error`) and the
    group tries again at `retry_at`; an event that keeps failing for a reason of its own is parked as a
    dead letter for the subscription that fails, and the group moves on.
    """

    group = models.CharField(max_length=100, primary_key=True, verbose_name=_("group"))
    txid = models.BigIntegerField(default=0, verbose_name=_("txid"))
    event = models.BigIntegerField(default=0, verbose_name=_("event"))  # the id of the last event applied
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    failing_event = models.BigIntegerField(null=True, blank=True, verbose_name=_("failing event"))
    failures = models.PositiveIntegerField(default=0, verbose_name=_("failures"))
    retry_at = models.DateTimeField(null=True, blank=True, verbose_name=_("retry at"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self) -> str:
        return f"{self.group} at ({self.txid}, {self.event})"


class DeadLetter(models.Model):
    """An event one subscription could not handle after every quick attempt. Parked here so it blocks
    nothing, retried by the relay on a long backoff (EVENTBUS_DEAD_LETTER_RETRIES), shown in the admin, and
    retried by hand with `manage.py retry_dead_letters` (or the admin action) once the cause is fixed.
    `next_retry_at` is empty once it is resolved, or parked for good after the last automatic retry."""

    subscription = models.CharField(max_length=200, verbose_name=_("subscription"))
    event_id = models.UUIDField(verbose_name=_("event id"))
    event_type = models.CharField(max_length=64, verbose_name=_("event type"))
    order_id = models.BigIntegerField(db_index=True, verbose_name=_("order id"))
    message = models.JSONField(verbose_name=_("message"))
    error = models.TextField(verbose_name=_("error"))
    attempts = models.PositiveIntegerField(verbose_name=_("attempts"))
    parked_at = models.DateTimeField(verbose_name=_("parked at"))
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("resolved at"))
    retries = models.PositiveIntegerField(default=0, verbose_name=_("retries"))  # automatic retries so far
    next_retry_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next retry at"))

    class Meta:
        verbose_name = _("dead letter")
        verbose_name_plural = _("dead letters")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="eventbus_dead_letter_once"),
        ]
        indexes = [
            models.Index(
                fields=["next_retry_at"], condition=models.Q(next_retry_at__isnull=False), name="eventbus_retry_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.order_id} for {self.subscription}"
