"""The inbox (one row per subscription and event, kept forever) gives way to one checkpoint per group of
subscriptions (eventbus/consumer.py), and the outbox rows learn their transaction's id, the order they are
read in. The groups start where the inbox left off: after the last event that every subscription had
processed (handlers are idempotent, so an event applied again on the way changes nothing)."""

import eventbus.models
from django.db import migrations, models

GROUPS = ["payments", "orders", "deliveries", "orderview"]  # the queues of the contexts' subscriptions


def start_where_the_inbox_left_off(apps, schema_editor):
    StoredEvent = apps.get_model("eventbus", "StoredEvent")
    Checkpoint = apps.get_model("eventbus", "Checkpoint")
    rows = StoredEvent.objects.using(schema_editor.connection.alias)
    first_incomplete = rows.filter(completed_at__isnull=True).order_by("id").first()
    done = rows.filter(id__lt=first_incomplete.id) if first_incomplete else rows
    last = done.order_by("-id").first()
    if last is None:
        return
    Checkpoint.objects.using(schema_editor.connection.alias).bulk_create(
        [Checkpoint(group=group, txid=last.txid, event=last.id) for group in GROUPS], ignore_conflicts=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ('eventbus', '0002_completion_and_dead_letters'),
        ('orders', '0003_rename_step_subscriptions'),  # it renames rows of the inbox this one drops
    ]

    operations = [
        migrations.CreateModel(
            name='Checkpoint',
            fields=[
                ('group', models.CharField(max_length=100, primary_key=True, serialize=False)),
                ('txid', models.BigIntegerField(default=0)),
                ('event', models.BigIntegerField(default=0)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('failing_event', models.BigIntegerField(blank=True, null=True)),
                ('failures', models.PositiveIntegerField(default=0)),
                ('retry_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
            ],
        ),
        migrations.AddField(
            model_name='storedevent',
            name='txid',
            field=models.BigIntegerField(db_default=eventbus.models.CurrentTransactionId(), editable=False),
        ),
        migrations.RunPython(start_where_the_inbox_left_off, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='storedevent',
            name='eventbus_undispatched',
        ),
        migrations.RemoveIndex(
            model_name='storedevent',
            name='eventbus_incomplete',
        ),
        # Expand now, contract in the next release (deploy/migrations_check.py): the previous release's
        # processes still write the inbox and the two marks while this one rolls out, so the table and the
        # columns leave the models here and the database in the release after.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ProcessedEvent'),
                migrations.RemoveField(model_name='storedevent', name='completed_at'),
                migrations.RemoveField(model_name='storedevent', name='dispatched_at'),
            ]
        ),
        migrations.AddField(
            model_name='deadletter',
            name='next_retry_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='deadletter',
            name='retries',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name='deadletter',
            index=models.Index(condition=models.Q(('next_retry_at__isnull', False)), fields=['next_retry_at'], name='eventbus_retry_due'),
        ),
        migrations.AddIndex(
            model_name='storedevent',
            index=models.Index(fields=['txid', 'id'], name='eventbus_position'),
        ),
    ]
