"""Throttling: order placement per customer, registration and tokens per client address; 429 with
Retry-After. Counters live in the cache; a cache that is down lets requests through."""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from rest_framework.test import APIClient

from shop.api.throttling import FailOpenScopedRateThrottle
from tests.support.shop import order_body

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tight_rates(monkeypatch):
    monkeypatch.setattr(FailOpenScopedRateThrottle, "THROTTLE_RATES", {"orders": "2/minute", "auth": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def test_a_customer_placing_too_many_orders_gets_429_with_retry_after(shop, as_alice, as_bob, tight_rates):
    apples = shop.product(stock=100)
    statuses = [as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json").status_code for _ in range(2)]
    throttled = as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert statuses == [201, 201]
    assert throttled.status_code == 429
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert "try again" in throttled.json()["detail"]
    assert as_bob.post("/api/orders/", order_body((apples.pk, 1)), format="json").status_code == 201, "per customer"
    assert as_alice.get("/api/orders/").status_code == 200, "reading is not throttled"


def test_a_throttled_customer_still_gets_a_placed_order_back_by_its_idempotency_key(shop, as_alice, tight_rates):
    apples = shop.product(stock=100)
    body = order_body((apples.pk, 1))
    first = as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="lost-response")
    as_alice.post("/api/orders/", body, format="json")
    assert as_alice.post("/api/orders/", body, format="json").status_code == 429

    replay = as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="lost-response")

    assert (replay.status_code, replay.json()["id"]) == (201, first.json()["id"])
    assert as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="new-key").status_code == 429


def test_registration_is_throttled_per_client_address(anonymous, tight_rates):
    statuses = [
        anonymous.post("/api/auth/register/", {"username": f"eve{n}", "password": "x" * 12}, format="json").status_code
        for n in range(4)
    ]

    assert statuses == [201, 201, 201, 429]


def test_only_failed_sign_ins_are_throttled_per_username_and_address(anonymous, alice, bob, tight_rates):
    good = {"username": "alice", "password": "a-long-test-passphrase"}
    signed_in = [anonymous.post("/api/auth/token/", good, format="json").status_code for _ in range(5)]
    wrong = [
        anonymous.post("/api/auth/token/", {"username": "bob", "password": f"no-{n}"}, format="json").status_code
        for n in range(4)
    ]
    bob_from_here = anonymous.post(
        "/api/auth/token/", {"username": "bob", "password": "a-long-test-passphrase"}, format="json"
    )
    alice_from_here = anonymous.post("/api/auth/token/", good, format="json")

    assert signed_in == [200] * 5, "good sign-ins are never counted"
    assert wrong == [400, 400, 400, 429]
    assert (bob_from_here.status_code, bool(bob_from_here["Retry-After"])) == (429, True)
    assert alice_from_here.status_code == 200, "someone else's wrong passwords from this address hold nobody back"


def test_one_address_failing_on_many_usernames_is_stopped(anonymous, alice, django_user_model, monkeypatch):
    """Password spraying: one common password tried on many usernames from one address. Each pair stays under
    the `auth` rate; the address as a whole meets `auth_address`."""
    rates = {"orders": None, "auth": "3/minute", "auth_address": "4/minute"}
    monkeypatch.setattr(FailOpenScopedRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()
    for n in range(5):
        django_user_model.objects.create_user(username=f"user{n}", password=f"their-own-pass-{n}")

    sprayed = [
        anonymous.post("/api/auth/token/", {"username": f"user{n}", "password": "Password1!"}, format="json")
        for n in range(5)
    ]
    elsewhere = APIClient(REMOTE_ADDR="203.0.113.9").post(
        "/api/auth/token/", {"username": "alice", "password": "a-long-test-passphrase"}, format="json"
    )

    assert [response.status_code for response in sprayed] == [400, 400, 400, 400, 429]
    assert elsewhere.status_code == 200, "the address is stopped, not the usernames"
    cache.clear()


def test_any_username_is_counted_and_a_format_string_is_just_a_name(anonymous, tight_rates):
    """The counter's key is built from a digest of the name, never by formatting it."""
    wrong = {"username": "{address:>1000000000}", "password": "no"}

    statuses = [anonymous.post("/api/auth/token/", wrong, format="json").status_code for _ in range(4)]

    assert statuses == [400, 400, 400, 429]


def test_an_ipv6_client_is_counted_by_its_network(alice, monkeypatch):
    """A subscriber holds a whole /64: trying from each of its addresses is trying from one."""
    monkeypatch.setattr(FailOpenScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/minute", "auth_address": "4/minute"})
    cache.clear()
    wrong = [
        APIClient(REMOTE_ADDR=f"2001:db8:1:2::{n}").post(
            "/api/auth/token/", {"username": f"user{n}", "password": "Password1!"}, format="json"
        )
        for n in range(1, 6)
    ]
    other_network = APIClient(REMOTE_ADDR="2001:db8:1:3::1").post(
        "/api/auth/token/", {"username": "alice", "password": "a-long-test-passphrase"}, format="json"
    )

    assert [response.status_code for response in wrong] == [400, 400, 400, 400, 429]
    assert other_network.status_code == 200
    cache.clear()


def test_guessing_the_current_password_with_a_stolen_token_is_throttled(shop, alice, tight_rates):
    thief = shop.client_for(alice)
    guesses = [
        thief.post(
            "/api/auth/password/", {"old_password": f"guess-{n}", "new_password": "mine-now-2026"}, format="json"
        )
        for n in range(4)
    ]

    assert [guess.status_code for guess in guesses] == [400, 400, 400, 429]


def test_a_throttle_whose_cache_is_down_lets_requests_through(shop, as_alice, tight_rates, monkeypatch):
    def cache_down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(FailOpenScopedRateThrottle, "cache", type("Down", (), {"get": cache_down, "set": cache_down})())
    apples = shop.product(stock=100)

    statuses = [as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json").status_code for _ in range(3)]

    assert statuses == [201, 201, 201]


@pytest.fixture
def redis_cache(settings):
    """The production cache: Redis (a database of its own on the machine's server)."""
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).flushdb()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail("Redis at 127.0.0.1:6379 is needed")
        pytest.skip("needs Redis")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    yield
    redis.Redis.from_url(url).flushdb()


def slowly(method):
    def call(*args, **kwargs):
        time.sleep(0.005)
        return method(*args, **kwargs)

    return call


@pytest.mark.postgres
def test_a_burst_of_orders_at_the_same_moment_gets_exactly_the_rate(shop, alice, tight_rates, redis_cache, monkeypatch):
    monkeypatch.setattr(FailOpenScopedRateThrottle, "timer", lambda self: 1_000_000.0)  # one window, whatever the clock
    for name in ("get", "set", "add", "incr"):  # a slow cache widens any gap between reading and writing a count
        monkeypatch.setattr(RedisCache, name, slowly(getattr(RedisCache, name)))
    apples = shop.product(stock=100)
    shop.client_for(alice)  # her token, before the threads
    start = threading.Barrier(16, timeout=10)

    def place_one(_) -> int:
        try:
            start.wait()
            return shop.client_for(alice).post("/api/orders/", order_body((apples.pk, 1)), format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = sorted(pool.map(place_one, range(16)))

    assert statuses == [201, 201] + [429] * 14
