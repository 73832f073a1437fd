"""Usernames are unique whatever their case ("Alice" is "alice"), in the database too: registration checks
first, but two registrations at the same moment would both pass that check."""

from django.db import migrations

INDEX = "auth_user_username_lower_uniq"


class Migration(migrations.Migration):
    dependencies = [("api", "0002_cache_table"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE UNIQUE INDEX {INDEX} ON auth_user (LOWER(username))",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]
