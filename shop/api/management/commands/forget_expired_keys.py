from django.core.management.base import BaseCommand

from shop.api import services


class Command(BaseCommand):
    help = "Deletes the stored answers of Idempotency-Keys older than 24 hours (scheduled: SCHEDULED_COMMANDS)."

    def handle(self, *args, **options):
        deleted = services.idempotency_keys_forget_expired()
        self.stdout.write(f"{deleted} expired Idempotency-Key(s) forgotten")
