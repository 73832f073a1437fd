from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.receivers import record_username_skeleton, sign_out_after_new_password

        post_save.connect(
            record_username_skeleton, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.username_skeleton"
        )
        post_save.connect(
            sign_out_after_new_password, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.new_password"
        )


class SellerAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the second factor at the door (accounts.admin_site)."""

    default = False  # accounts' own app is AccountsConfig
    default_site = "accounts.admin_site.SellerAdminSite"
