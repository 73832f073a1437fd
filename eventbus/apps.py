from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventBusConfig(AppConfig):
    name = "eventbus"
    label = "eventbus"
    verbose_name = _("Event bus")

    def ready(self) -> None:
        from eventbus import checks  # noqa: F401 - registers the system checks
