from django.core.management.base import BaseCommand, CommandError

from payments.services import payment_confirm_deposits


class Command(BaseCommand):
    help = "Confirms the bank-transfer deposit of each order given, as the admin's 'Confirm deposit' does."

    def add_arguments(self, parser):
        parser.add_argument("order_ids", nargs="+", type=int, metavar="ORDER_ID")

    def handle(self, *args, order_ids, **options):
        failed = 0
        for outcome in payment_confirm_deposits(order_ids, confirmed_by_id=None):
            if outcome.confirmed:
                self.stdout.write(self.style.SUCCESS(outcome.message))
            else:
                failed += 1
                self.stdout.write(self.style.WARNING(outcome.message))
        if failed:
            raise CommandError(f"{failed} of {len(order_ids)} orders were not confirmed")
