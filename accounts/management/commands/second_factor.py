import io

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import second_factor


class Command(BaseCommand):
    help = (
        "Sets up a new authenticator app for an admin user (a superuser's first, or a lost phone's replacement) "
        "and prints its QR code and key, to hand over in person; --remove turns the second factor off."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--remove", action="store_true", help="remove the user's authenticator instead")

    def handle(self, *args, username, remove, **options):
        user = get_user_model().objects.filter(username=username, is_staff=True).first()
        if user is None:
            raise CommandError(f"No admin user is called {username!r}.")
        if remove:
            removed = second_factor.second_factor_remove(user)
            self.stdout.write(self.style.SUCCESS(f"{username}: {removed} authenticator(s) removed."))
            return
        device = second_factor.operator_enrol(user)
        import qrcode

        code = qrcode.QRCode(border=1)
        code.add_data(device.config_url)
        picture = io.StringIO()
        code.print_ascii(out=picture, invert=True)
        self.stdout.write(picture.getvalue())
        self.stdout.write(f"key: {second_factor.secret_of(device)}\n{device.config_url}")
        self.stdout.write(
            self.style.SUCCESS(f"{username}: scan it with the authenticator app; every sign-in now asks for its code.")
        )
