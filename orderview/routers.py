"""Sends the read model to its own database when ORDERVIEW_DATABASE_URL says so (shop/settings.py).

There: the read model's table, and the event bus's bookkeeping of the read model's group (its checkpoint and
dead letters), so that a page's effects and its new position commit in one transaction. Everything else,
the event log included, stays in the main database; the group reads the log from there.
"""

from __future__ import annotations

from django.conf import settings

BOOKKEEPING = {("eventbus", "checkpoint"), ("eventbus", "deadletter")}


class ReadModelRouter:
    def _database_of(self, model, hints) -> str | None:
        if model._meta.app_label == "orderview":
            return settings.ORDERVIEW_DATABASE
        instance = hints.get("instance")
        if instance is not None and instance._meta.app_label == "orderview":
            return "default"  # a row's customer, say: Django would otherwise look in the row's own database
        return None

    def db_for_read(self, model, **hints):
        return self._database_of(model, hints)

    def db_for_write(self, model, **hints):
        return self._database_of(model, hints)

    def allow_relation(self, obj1, obj2, **hints):
        # A row of the read model names its customer by id only (no constraint across databases).
        if "orderview" in (obj1._meta.app_label, obj2._meta.app_label):
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == settings.ORDERVIEW_DATABASE and db != "default":
            return app_label == "orderview" or (app_label, model_name) in BOOKKEEPING
        if app_label == "orderview":
            return False  # the read model's tables live in its own database only
        return None
