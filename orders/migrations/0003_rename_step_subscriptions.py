"""The handlers that record the steps other contexts report became one (orders/handlers.py,
record_step_when_reported). A subscription's name keys the inbox and the dead letters, so the rows written
under the old names follow: an event handled before is not handled again, and a parked one can be retried."""

from django.db import migrations

STEP_HANDLERS = {
    "await_deposit_when_pay_placed": "PayPlaced",
    "confirm_deposit_when_pay_checked": "PayChecked",
    "prepare_when_qty_decreased": "QtyDecreased",
    "ship_when_delivery_started": "DeliveryStarted",
}
RENAMED = {
    f"orders.handlers.{handler}:{event}": f"orders.handlers.record_step_when_reported:{event}"
    for handler, event in STEP_HANDLERS.items()
}


def rename(apps, names: dict[str, str]) -> None:
    for model in ("ProcessedEvent", "DeadLetter"):
        rows = apps.get_model("eventbus", model).objects
        for old, new in names.items():
            rows.filter(subscription=old).update(subscription=new)


def forwards(apps, schema_editor):
    rename(apps, RENAMED)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("orders", "0002_cancel_reason_choices"), ("eventbus", "0002_completion_and_dead_letters")]

    operations = [
        migrations.RunPython(forwards, backwards)
    ]
