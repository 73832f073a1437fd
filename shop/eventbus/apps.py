from django.apps import AppConfig


class EventBusConfig(AppConfig):
    name = "shop.eventbus"
    label = "eventbus"
    verbose_name = "Event bus"

    def ready(self) -> None:
        from shop.eventbus import checks  # noqa: F401 - registers the system checks
