"""Empty: the case-insensitive username index belongs to the accounts app now (accounts/migrations/0001).
Kept so that the migration graph of databases migrated before stays whole."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0002_cache_table"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = []
