"""The Celery application. Workers start with `celery -A shop.celery worker`; see docs/operations.md."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

app = Celery("shop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["eventbus"])


@task_prerun.connect
@task_postrun.connect
def _keep_healthy_connections(**kwargs) -> None:
    """What Django does around a request: a connection is reused until it breaks or reaches CONN_MAX_AGE."""
    close_old_connections()
