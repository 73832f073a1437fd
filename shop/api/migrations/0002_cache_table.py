"""The table of the database cache, where throttle counters live when there is no Redis. Created by the
migrations, whatever REDIS_URL says today, so any process started later finds it (SPEC: every Procfile line
runs after `migrate`)."""

from django.core.management import call_command
from django.db import migrations

TABLE = "shop_cache"


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
