import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from products import services
from products.models import Product

DEMO_PRODUCTS = [
    ("유기농 사과 5kg", 32000, 50),
    ("제주 감귤 3kg", 18000, 80),
    ("국산 현미 10kg", 41000, 30),
    ("무농약 고구마 3kg", 15000, 5),
    ("수제 딸기잼 500g", 9000, 0),
]

# username, password, is_staff: the seller signs in to /admin/, the customers use the API.
DEMO_ACCOUNTS = [
    ("seller", "seller-pass-2026", True),
    ("alice", "alice-pass-2026", False),
    ("bob", "bob-pass-2026", False),
]


class Command(BaseCommand):
    help = (
        "Loads the demo catalogue and accounts. Safe to run again: what exists is kept as it is. With DEBUG off "
        "it refuses unless --force, and then gives the accounts random passwords that it never prints: the "
        "README's passwords are public."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run with DEBUG off too (a staging shop)")

    @transaction.atomic
    def handle(self, *args, force, **options):
        public_passwords = settings.DEBUG
        if not public_passwords and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real shop, and the demo accounts' passwords are public. "
                "Use --force to load the demo data anyway, with passwords nobody knows."
            )
        created_products = 0
        for name, price, stock in DEMO_PRODUCTS:
            if not Product.objects.filter(name=name).exists():
                services.product_create(name=name, price=price, stock=stock)
                created_products += 1
        user_model = get_user_model()
        created_accounts = 0
        for username, password, is_staff in DEMO_ACCOUNTS:
            if user_model.objects.filter(username=username).exists():
                continue
            if not public_passwords:
                password = secrets.token_urlsafe(24)
            # The seller is staff, not a superuser: the admin shows the shop, not the machinery behind it
            # (an operator creates a superuser with `manage.py createsuperuser`).
            user_model.objects.create_user(username=username, password=password, is_staff=is_staff)
            created_accounts += 1
        self.stdout.write(
            self.style.SUCCESS(f"demo data: {created_products} products and {created_accounts} accounts added")
        )
        for username, password, is_staff in DEMO_ACCOUNTS:
            role = "seller (staff, /admin/)" if is_staff else "customer"
            shown = password if public_passwords else "(not shown: `manage.py changepassword` sets one)"
            self.stdout.write(f"  {username:<8} {shown:<18} {role}")
