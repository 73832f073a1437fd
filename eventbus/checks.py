from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def retry_countdown_below_visibility_timeout(app_configs, **kwargs):
    """A retry countdown at or past the visibility timeout makes Redis redeliver the waiting task forever."""
    if settings.EVENTBUS_RETRY_MAX_COUNTDOWN >= settings.EVENTBUS_VISIBILITY_TIMEOUT:
        return [
            checks.Error(
                "EVENTBUS_RETRY_MAX_COUNTDOWN must be below EVENTBUS_VISIBILITY_TIMEOUT",
                hint="Lower the countdown cap, or raise the visibility timeout.",
                id="eventbus.E001",
            )
        ]
    return []
