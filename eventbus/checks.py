from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def catch_up_within_visibility_timeout(app_configs, **kwargs):
    """A catch-up task still running at the visibility timeout is handed to a second worker meanwhile."""
    longest = settings.EVENTBUS_CATCH_UP_BUDGET + settings.EVENTBUS_HELD_BACK_WAIT + 1
    if longest >= settings.EVENTBUS_VISIBILITY_TIMEOUT:
        return [
            checks.Error(
                "EVENTBUS_CATCH_UP_BUDGET + EVENTBUS_HELD_BACK_WAIT must stay well below EVENTBUS_VISIBILITY_TIMEOUT",
                hint="Shorten the catch-up budget, or raise the visibility timeout.",
                id="eventbus.E001",
            )
        ]
    return []
