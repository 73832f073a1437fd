from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS


class Command(DjangoMigrate):
    help = (
        f"{DjangoMigrate.help} With ORDERVIEW_DATABASE_URL, the read model's own database is migrated too, "
        "after the main one."
    )

    def handle(self, *args, **options):
        super().handle(*args, **options)
        if options["database"] == DEFAULT_DB_ALIAS and settings.ORDERVIEW_DATABASE != DEFAULT_DB_ALIAS:
            super().handle(*args, **{**options, "database": settings.ORDERVIEW_DATABASE})
