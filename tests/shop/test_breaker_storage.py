"""The breaker's state is shared by every process through Redis, and falls back to the process's own state
when Redis cannot be reached. Two storages on one Redis stand for two processes."""

import os

import pybreaker
import pytest
import redis
from django.db import OperationalError

from shop.breakers import Breaker, SharedStorage, counts_as_failure
from tests.support.stack import free_port, redis_answers

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def shared_redis():
    if not redis_answers(REDIS_URL):
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but Redis does not answer at {REDIS_URL}")
        pytest.skip(f"needs Redis at {REDIS_URL}")
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*client.keys("shop:breaker:test-*") or ["-"])
    yield REDIS_URL
    client.delete(*client.keys("shop:breaker:test-*") or ["-"])


def process_breaker(name: str, url: str | None) -> Breaker:
    return Breaker(
        fail_max=2,
        reset_timeout=30,
        exclude=[lambda e: not counts_as_failure(e)],
        state_storage=SharedStorage(name, url),
        name=name,
    )


def fail(guard: Breaker) -> None:
    def database_down():
        raise OperationalError("timeout")

    with pytest.raises((OperationalError, pybreaker.CircuitBreakerError)):
        guard.call(database_down)


def test_a_breaker_tripped_in_one_process_is_open_in_every_process(shared_redis):
    web, worker = process_breaker("test-shared", shared_redis), process_breaker("test-shared", shared_redis)

    fail(web)
    fail(worker)  # the failures add up across processes

    assert web.current_state == worker.current_state == "open"
    with pytest.raises(pybreaker.CircuitBreakerError):
        worker.call(lambda: "refused without being run")


def test_without_redis_a_breaker_is_built_and_works_on_its_own_state():
    guard = process_breaker("test-no-redis", f"redis://127.0.0.1:{free_port()}/0")

    assert guard.call(lambda: "works") == "works"
    fail(guard)
    fail(guard)
    assert guard.current_state == "open"
    with pytest.raises(pybreaker.CircuitBreakerError):
        guard.call(lambda: "refused")
