from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from payments.services import payment_confirm_deposits


class Command(BaseCommand):
    help = "Confirms the bank-transfer deposit of each order given, as the admin's 'Confirm deposit' does."

    def add_arguments(self, parser):
        parser.add_argument("order_ids", nargs="+", type=int, metavar="ORDER_ID")
        parser.add_argument("--by", metavar="USERNAME", help="the staff user to record as the confirmer")

    def handle(self, *args, order_ids, by, **options):
        confirmed_by = None
        if by is not None:
            confirmed_by = get_user_model().objects.filter(username=by, is_staff=True).first()
            if confirmed_by is None:
                raise CommandError(f"no staff user named {by!r}")
        failed = 0
        for outcome in payment_confirm_deposits(order_ids, confirmed_by=confirmed_by):
            if outcome.confirmed:
                self.stdout.write(self.style.SUCCESS(outcome.message))
            else:
                failed += 1
                self.stdout.write(self.style.WARNING(outcome.message))
        if failed:
            raise CommandError(f"{failed} of {len(order_ids)} orders were not confirmed")
