"""Loads what the Procfile's processes load (web, worker, relay), in a Python that cannot import any
distribution outside requirements.txt: the names to refuse come in SHOP_PROBE_BLOCKED. An import the
runtime needs fails here as it would on a machine with only the runtime requirements; an optional one
(`try: import yaml`) degrades as it would there."""

import importlib
import importlib.abc
import json
import os
import sys

BLOCKED = set(json.loads(os.environ["SHOP_PROBE_BLOCKED"]))


class RefuseTestOnlyDistributions(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (not installed by requirements.txt)", name=name)
        return None


sys.meta_path.insert(0, RefuseTestOnlyDistributions())

import django  # noqa: E402

django.setup()

from django.urls import get_resolver  # noqa: E402

from shop.celery import app  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - every view module
app.loader.import_default_modules()
for module in [
    "shop.wsgi",
    "kombu.transport.redis",  # the broker transport, loaded lazily on first publish
    "celery.bin.celery",
    "celery.apps.worker",
    "gunicorn.app.wsgiapp",
    "gunicorn.workers.sync",
    "django.core.management.commands.migrate",
    "deploy.supervise",
    "eventbus.management.commands.relay_events",
    "scheduler.management.commands.run_scheduler",
]:
    importlib.import_module(module)
with app.connection_for_write() as connection:
    connection.transport  # noqa: B018 - the transport class and its imports, without connecting
print("loaded")
