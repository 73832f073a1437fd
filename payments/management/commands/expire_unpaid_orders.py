from django.core.management.base import BaseCommand
from django.utils.timezone import localtime

from payments.services import payments_expire_unpaid


class Command(BaseCommand):
    help = (
        "Cancels every payment still pending after its deposit deadline (deposit_expired); each order follows "
        "by compensation. Safe to run twice, or in two processes at once: each payment expires once."
    )

    def handle(self, *args, **options):
        expired = payments_expire_unpaid()
        for payment in expired:
            due = localtime(payment.deposit_due_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"order {payment.order_id}: {payment.amount:,} won unpaid since {due}; expired")
        self.stdout.write(f"{len(expired)} expired")
