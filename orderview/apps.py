from django.apps import AppConfig


class OrderviewConfig(AppConfig):
    name = "orderview"
    verbose_name = "Order status (read model)"

    def ready(self) -> None:
        from orderview import handlers

        handlers.connect()
