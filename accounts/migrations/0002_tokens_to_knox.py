"""API tokens move from DRF's table, which keeps each key in plain text, to django-rest-knox's, which keeps
only a digest. A token issued before keeps working (its digest is computed here), now with TOKEN_TTL to live;
the plain keys are deleted."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def tokens_to_knox(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    plain = apps.get_model("authtoken", "Token")
    hashed = apps.get_model("knox", "AuthToken")
    expiry = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    hashed.objects.bulk_create(
        hashed(digest=hash_token(token.key), token_key=token.key[: CONSTANTS.TOKEN_KEY_LENGTH], user_id=token.user_id,
               expiry=expiry)
        for token in plain.objects.all()
    )  # fmt: skip
    plain.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_username_unique_ignoring_case"), ("authtoken", "0004_alter_tokenproxy_options"),
                    ("knox", "0009_extend_authtoken_field")]  # fmt: skip

    operations = [migrations.RunPython(tokens_to_knox, migrations.RunPython.noop)]
