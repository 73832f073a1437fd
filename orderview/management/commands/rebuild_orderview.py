from django.core.management.base import BaseCommand

from orderview.services import orderview_rebuild


class Command(BaseCommand):
    help = "Rebuilds the order-status read model from the recorded events."

    def handle(self, *args, **options):
        rows = orderview_rebuild()
        self.stdout.write(self.style.SUCCESS(f"order status view rebuilt: {rows} orders"))
