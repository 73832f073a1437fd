from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from orders import handlers, selectors
        from shop.api.health import report_in_readiness

        handlers.connect()
        report_in_readiness("stuck_orders", lambda: selectors.orders_stuck().count())
