from django.core.management.base import BaseCommand, CommandError

from privacy.services import customer_forget
from shop.errors import NotFound


class Command(BaseCommand):
    help = (
        "Forgets a customer who asked for it: name, addresses, depositor names and account details become a "
        "placeholder everywhere; the orders and the money stay. The account can no longer sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            forgotten = customer_forget(username=username)
        except NotFound as missing:
            raise CommandError(missing.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{username} forgotten (user {forgotten.user_id}): {forgotten.orders} orders, "
                f"{forgotten.payments} payments, {forgotten.deposits} deposits, {forgotten.deliveries} deliveries, "
                f"{forgotten.events} events, "
                f"{forgotten.idempotency_records} stored answers"
            )
        )
