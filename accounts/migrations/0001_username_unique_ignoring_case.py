"""Usernames are unique whatever their case ("Alice" is "alice"), in the database too: registration checks
first, but two registrations at the same moment would both pass that check.

Moved here from the API app (its migration 0003, now empty): IF NOT EXISTS, so a database that already has
the index keeps it as it is."""

from django.db import migrations

INDEX = "auth_user_username_lower_uniq"


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE UNIQUE INDEX IF NOT EXISTS {INDEX} ON auth_user (LOWER(username))",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
