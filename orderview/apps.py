from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrderviewConfig(AppConfig):
    name = "orderview"
    verbose_name = _("Order status (read model)")

    def ready(self) -> None:
        from orderview import handlers

        handlers.connect()
