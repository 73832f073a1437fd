"""Registration and tokens: a stranger becomes a customer; weak passwords, taken names and names that only look
different are refused."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_stranger_registers_gets_a_token_and_orders(anonymous, apples):
    registered = anonymous.post(
        "/api/auth/register/", {"username": "newbie", "password": "correct-horse-battery"}, format="json"
    )
    assert registered.status_code == 201
    assert set(registered.json()) == {"id", "username", "token"}

    token = anonymous.post(
        "/api/auth/token/", {"username": "newbie", "password": "correct-horse-battery"}, format="json"
    ).json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert token != registered.json()["token"], "a new token for each device (SPEC), and each of them works"
    place(anonymous, (apples.pk, 1))
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {registered.json()['token']}")
    place(anonymous, (apples.pk, 1))


def test_a_name_that_only_looks_different_is_taken_and_signs_in_as_registered(anonymous, shop):
    shop.customer("Alice")
    fullwidth = {"username": "Ａlice", "password": "long-enough-pass"}  # NFKC makes the Ａ an A

    taken = anonymous.post("/api/auth/register/", fullwidth, format="json")
    registered = anonymous.post("/api/auth/register/", {**fullwidth, "username": "Ｂob"}, format="json")
    signed_in = anonymous.post("/api/auth/token/", {**fullwidth, "username": "Ｂob"}, format="json")

    assert taken.status_code == 400 and "username" in taken.json()
    assert (registered.status_code, registered.json()["username"]) == (201, "Bob")
    lengthened = anonymous.post("/api/auth/register/", {**fullwidth, "username": "\u3300" * 40}, format="json")
    assert lengthened.status_code == 400  # 40 letters, 160 katakana once normalised: too long to store
    assert lengthened.json()["username"] == ["이 필드의 글자 수가 150 이하인지 확인하세요."]
    assert signed_in.status_code == 200 and signed_in.json()["token"], "signed in as the Bob registered"


def test_registration_refuses_weak_passwords_and_taken_names(anonymous, alice):
    weak = anonymous.post("/api/auth/register/", {"username": "carol", "password": "1234"}, format="json")
    taken = anonymous.post("/api/auth/register/", {"username": "alice", "password": "long-enough-pass"}, format="json")
    wrong = anonymous.post("/api/auth/token/", {"username": "alice", "password": "not-it"}, format="json")

    assert weak.status_code == 400 and "password" in weak.json()
    assert taken.status_code == 400 and "username" in taken.json()
    assert wrong.status_code == 400 and "detail" in wrong.json()


def test_two_registrations_of_one_name_in_different_case_at_the_same_moment_make_one_account(anonymous):
    start = threading.Barrier(2, timeout=10)

    def register(username: str) -> int:
        try:
            start.wait()
            body = {"username": username, "password": "long-enough-pass"}
            return APIClient().post("/api/auth/register/", body, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(register, ["Carol", "carol"]))

    assert statuses == [201, 400]
    assert get_user_model().objects.filter(username__iexact="carol").count() == 1


@pytest.mark.parametrize(
    "look_alike",
    ["аlice", "ALICE", "a1ice", "alİce"],
    ids=["cyrillic-a", "capitals", "digit-one", "dotted-capital-i"],
)
def test_a_name_that_looks_like_a_taken_one_is_taken(anonymous, alice, look_alike):
    response = anonymous.post(
        "/api/auth/register/", {"username": look_alike, "password": "long-enough-pass"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"username": ["이미 사용 중인 아이디입니다."]}
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize("name", ["forgotten-7", "Forgotten-12"])
def test_the_names_of_forgotten_accounts_are_never_free(anonymous, name):
    """Forgetting account 7 renames it forgotten-7: a customer holding that name would make it fail."""
    response = anonymous.post("/api/auth/register/", {"username": name, "password": "long-enough-pass"}, format="json")

    assert response.status_code == 400 and "username" in response.json()


def test_a_name_made_by_staff_is_guarded_too_and_an_unlike_name_registers(anonymous):
    call_command("createsuperuser", "--noinput", "--username", "seller", "--email", "s@example.com")

    look_alike = anonymous.post(
        "/api/auth/register/", {"username": "se11er", "password": "long-enough-pass"}, format="json"
    )
    different = anonymous.post(
        "/api/auth/register/", {"username": "sellers", "password": "long-enough-pass"}, format="json"
    )

    assert look_alike.status_code == 400 and "username" in look_alike.json()
    assert different.status_code == 201


def test_a_sign_in_does_not_rewrite_the_name_s_skeleton(alice, django_assert_num_queries):
    from django.contrib.auth.models import update_last_login

    with django_assert_num_queries(1):  # the last sign-in's time, and nothing about the name
        update_last_login(None, alice)
