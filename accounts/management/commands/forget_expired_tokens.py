from django.core.management.base import BaseCommand

from accounts import services


class Command(BaseCommand):
    help = "Deletes the API tokens past their TOKEN_TTL that nobody presented again (scheduled: SCHEDULED_COMMANDS)."

    def handle(self, *args, **options):
        deleted = services.tokens_forget_expired()
        self.stdout.write(f"{deleted} expired API token(s) forgotten")
