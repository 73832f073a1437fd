from django.apps import AppConfig


class EventBusConfig(AppConfig):
    name = "eventbus"
    label = "eventbus"
    verbose_name = "Event bus"

    def ready(self) -> None:
        from eventbus import checks  # noqa: F401 - registers the system checks
