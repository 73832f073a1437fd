"""API tokens behave like credentials: one per device, kept only as a digest, living TOKEN_TTL (not extended
by use), and revoked by signing out of one device or all, or by a password change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework.test import APIClient

from tests.support.shop import run

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-passphrase"  # every test account's


def sign_in(username: str = "alice", password: str = PASSWORD) -> str:
    response = APIClient().post("/api/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def answers(token: str) -> int:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/my-orders/").status_code


def post(token: str, path: str, body: dict | None = None):
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}").post(path, body, format="json")


def test_each_device_gets_its_own_token_and_only_its_digest_is_kept(alice):
    phone, laptop = sign_in(), sign_in()

    assert phone != laptop
    assert (answers(phone), answers(laptop)) == (200, 200)
    stored = AuthToken.objects.filter(user=alice)
    assert stored.count() == 2
    assert not {phone, laptop} & set(stored.values_list("digest", flat=True)), "never the token itself"


def test_a_token_lives_token_ttl_from_its_issue_and_then_is_refused(alice):
    token = sign_in()
    expiry = AuthToken.objects.get(user=alice).expiry
    assert abs(expiry - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1), "TOKEN_TTL: 30d"
    assert answers(token) == 200
    assert AuthToken.objects.get(user=alice).expiry == expiry, "not extended by use"

    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))

    assert answers(token) == 401


def test_logout_ends_this_token_and_logout_all_every_token(alice):
    phone, laptop, tablet = sign_in(), sign_in(), sign_in()

    assert post(phone, "/api/auth/logout/").status_code == 204
    assert (answers(phone), answers(laptop), answers(tablet)) == (401, 200, 200)

    assert post(laptop, "/api/auth/logout-all/").status_code == 204
    assert (answers(laptop), answers(tablet)) == (401, 401)
    assert not AuthToken.objects.filter(user=alice).exists()


def test_a_password_change_signs_out_every_other_device_and_returns_a_fresh_token(alice):
    phone, laptop = sign_in(), sign_in()

    wrong = post(phone, "/api/auth/password/", {"old_password": "not-it", "new_password": "another-pass-2026"})
    weak = post(phone, "/api/auth/password/", {"old_password": PASSWORD, "new_password": "12345678"})
    changed = post(phone, "/api/auth/password/", {"old_password": PASSWORD, "new_password": "another-pass-2026"})

    assert (wrong.status_code, list(wrong.json())) == (400, ["old_password"])
    assert (weak.status_code, list(weak.json())) == (400, ["new_password"])
    assert changed.status_code == 200
    fresh = changed.json()["token"]
    assert (answers(phone), answers(laptop), answers(fresh)) == (401, 401, 200)
    assert sign_in(password="another-pass-2026")
    old = APIClient().post("/api/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
    assert old.status_code == 400


def test_a_password_set_outside_the_api_signs_out_every_device_too(alice, django_user_model):
    """`manage.py changepassword` and the admin's password form both set the password and save the user."""
    phone, laptop = sign_in(), sign_in()

    user = django_user_model.objects.get(pk=alice.pk)
    user.set_password("set-by-the-owner-2026")
    user.save()

    assert (answers(phone), answers(laptop)) == (401, 401)
    assert answers(sign_in(password="set-by-the-owner-2026")) == 200
    stolen = sign_in(password="set-by-the-owner-2026")
    user.set_unusable_password()  # the admin's "password-based authentication: disabled"
    user.save()
    assert answers(stolen) == 401
    user.set_password("set-by-the-owner-2026")
    user.save()
    sign_in(password="set-by-the-owner-2026"), sign_in(password="set-by-the-owner-2026")
    user.save(update_fields=["last_login"])  # a hash upgrade or a last-login save is no new password
    assert AuthToken.objects.filter(user=alice).count() == 2


def test_tokens_past_their_ttl_are_deleted_by_the_hourly_housekeeping(alice, settings):
    expired, current = sign_in(), sign_in()
    stored = AuthToken.objects.filter(token_key=expired[: CONSTANTS.TOKEN_KEY_LENGTH])
    stored.update(expiry=timezone.now() - timedelta(seconds=1))
    assert "forget_expired_tokens" in settings.SCHEDULED_COMMANDS

    output = run("forget_expired_tokens")

    assert output == "1 expired API token(s) forgotten\n"
    assert AuthToken.objects.filter(user=alice).count() == 1 and answers(current) == 200


def test_a_token_issued_before_the_move_to_digests_keeps_working_and_its_plain_key_is_gone(alice):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    MigrationExecutor(connection).migrate([("accounts", "0001_username_unique_ignoring_case")])
    old = MigrationExecutor(connection).loader.project_state(
        [("accounts", "0001_username_unique_ignoring_case"), ("authtoken", "0004_alter_tokenproxy_options")]
    )
    plain = old.apps.get_model("authtoken", "Token").objects.create(
        user_id=alice.pk, key="a" * 8 + "0123456789abcdef" * 2
    )
    try:
        MigrationExecutor(connection).migrate([("accounts", "0002_tokens_to_knox")])
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert answers(plain.key) == 200
    assert not old.apps.get_model("authtoken", "Token").objects.exists()
