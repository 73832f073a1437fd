"""Brute force against the seller's sign-in is locked out (django-axes): five wrong passwords for one
username from one address lock that pair, for 15 minutes or until an operator unlocks it. The lockout never
locks a username from everywhere, so nobody can lock the seller out by failing on purpose."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.support.shop import run

pytestmark = pytest.mark.django_db(transaction=True)

ATTACKER, SELLER_AT_HOME = "203.0.113.7", "198.51.100.20"
PASSWORD = "a-long-test-passphrase"  # tests/support/shop.py gives every test account this one


def sign_in(username: str, password: str, address: str) -> int:
    response = Client(REMOTE_ADDR=address).post("/admin/login/", {"username": username, "password": password})
    return response.status_code


def guess_five_times(address: str = ATTACKER) -> None:
    answers = [sign_in("seller", f"wrong-{n}", address) for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]  # the form again with its error; the fifth failure locks


def test_five_wrong_passwords_lock_the_username_from_that_address(seller):
    guess_five_times()

    assert sign_in("seller", PASSWORD, ATTACKER) == 429, "locked, even with the right password"
    assert sign_in("seller", PASSWORD, SELLER_AT_HOME) == 302, "the seller elsewhere is not locked out"


def test_an_operator_unlocks_and_the_lock_ends_by_itself(seller):
    guess_five_times()
    assert sign_in("seller", PASSWORD, ATTACKER) == 429

    run("axes_reset_username", "seller")
    assert sign_in("seller", PASSWORD, ATTACKER) == 302

    guess_five_times()
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))  # the cool-off is over
    assert sign_in("seller", PASSWORD, ATTACKER) == 302


def test_the_api_sign_in_is_locked_the_same_way(anonymous, alice):
    for n in range(5):
        response = anonymous.post("/api/auth/token/", {"username": "alice", "password": f"no-{n}"}, format="json")
        assert response.status_code == 400

    locked = anonymous.post("/api/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
    other_address = Client(REMOTE_ADDR=SELLER_AT_HOME).post(
        "/api/auth/token/", {"username": "alice", "password": PASSWORD}, content_type="application/json"
    )

    assert locked.status_code in (400, 429) and "token" not in locked.json()
    assert other_address.status_code == 200 and other_address.json()["token"]
    call_command("axes_reset", verbosity=0)
