from django.apps import AppConfig


class EventBusConfig(AppConfig):
    name = "shop.eventbus"
    label = "eventbus"
    verbose_name = "Event bus"
