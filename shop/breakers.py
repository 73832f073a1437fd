"""Circuit breakers (pybreaker) around the database work that overload or failure makes slow.

When a guarded call keeps failing (database errors, lock or statement timeouts, lost connections), the
breaker opens, and for `BREAKER_RESET_TIMEOUT` seconds every call is refused at once with
ServiceUnavailable (the API answers 503 with Retry-After) instead of piling onto a database that cannot
answer. Then exactly one trial call goes through: its success closes the breaker, its failure opens it again.
Business outcomes (bad input, short stock, a conflict) are answers, not failures, and never count.

With REDIS_URL, the state is shared by every gunicorn and Celery process through Redis; when Redis cannot be
reached, each process falls back to its own state, and building a breaker never touches Redis at all.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pybreaker
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from shop.errors import ServiceUnavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")

ORDER_PLACEMENT = "order_placement"
STOCK = "stock"


def counts_as_failure(error: BaseException) -> bool:
    """Database errors that say "not now": timeouts, lost or refused connections, deadlocks."""
    return isinstance(error, OperationalError | InterfaceError)


class SharedStorage(pybreaker.CircuitBreakerStorage):
    """Breaker state in Redis, shared by all processes, with this process's own state as the fallback.

    Every Redis call is bounded by short socket timeouts; after a Redis error the process keeps to its local
    state for a few seconds before asking Redis again, so a dead Redis costs no request more than once.
    """

    REDIS_BACKOFF = 5.0

    def __init__(self, name: str, redis_url: str | None) -> None:
        super().__init__(name)
        self._local = pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)
        self._local_trial = threading.Lock()
        self._redis_url = redis_url
        self._client = None
        self._redis_down_until = 0.0

    # --- plumbing ---------------------------------------------------------------------------------------

    def _key(self, field: str) -> str:
        return f"shop:breaker:{self.name}:{field}"

    def _redis(self):
        if self._redis_url is None or time.monotonic() < self._redis_down_until:
            return None
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(self._redis_url, socket_connect_timeout=0.25, socket_timeout=0.25)
        return self._client

    def _shared(self, operation: Callable[[Any], T], fallback: Callable[[], T]) -> T:
        client = self._redis()
        if client is None:
            return fallback()
        import redis

        try:
            return operation(client)
        except redis.RedisError:
            logger.warning("breaker %s: Redis unreachable, using this process's state", self.name)
            self._redis_down_until = time.monotonic() + self.REDIS_BACKOFF
            return fallback()

    # --- pybreaker's storage interface ------------------------------------------------------------------

    @property
    def state(self) -> str:
        def read(client):
            value = client.get(self._key("state"))
            return value.decode() if value else pybreaker.STATE_CLOSED

        return self._shared(read, lambda: self._local.state)

    @state.setter
    def state(self, state: str) -> None:
        self._local.state = state
        self._shared(lambda client: client.set(self._key("state"), state), lambda: None)

    def increment_counter(self) -> None:
        self._local.increment_counter()
        self._shared(lambda client: client.incr(self._key("failures")), lambda: None)

    def reset_counter(self) -> None:
        self._local.reset_counter()
        self._shared(lambda client: client.set(self._key("failures"), 0), lambda: None)

    def increment_success_counter(self) -> None:
        self._local.increment_success_counter()
        self._shared(lambda client: client.incr(self._key("successes")), lambda: None)

    def reset_success_counter(self) -> None:
        self._local.reset_success_counter()
        self._shared(lambda client: client.set(self._key("successes"), 0), lambda: None)

    @property
    def counter(self) -> int:
        return self._shared(lambda client: int(client.get(self._key("failures")) or 0), lambda: self._local.counter)

    @property
    def success_counter(self) -> int:
        return self._shared(
            lambda client: int(client.get(self._key("successes")) or 0), lambda: self._local.success_counter
        )

    @property
    def opened_at(self) -> datetime | None:
        def read(client):
            value = client.get(self._key("opened_at"))
            return datetime.fromtimestamp(float(value), UTC) if value else None

        return self._shared(read, lambda: self._local.opened_at)

    @opened_at.setter
    def opened_at(self, moment: datetime) -> None:
        self._local.opened_at = moment
        self._shared(lambda client: client.set(self._key("opened_at"), moment.timestamp()), lambda: None)

    # --- the single trial call of the half-open state ---------------------------------------------------

    def claim_trial(self, lease: float) -> bool:
        """True for exactly one caller (across processes with Redis) until the trial ends or its lease runs out."""

        def local() -> bool:
            return self._local_trial.acquire(blocking=False)

        return self._shared(
            lambda client: bool(client.set(self._key("trial"), 1, nx=True, px=int(lease * 1000))), local
        )

    def end_trial(self) -> None:
        if self._local_trial.locked():
            self._local_trial.release()
        self._shared(lambda client: client.delete(self._key("trial")), lambda: None)


class SingleTrialHalfOpenState(pybreaker.CircuitHalfOpenState):
    """pybreaker lets every caller through while half-open; here only the one holding the trial passes."""

    def before_call(self, func, *args, **kwargs) -> None:
        storage = self._breaker._state_storage
        if not storage.claim_trial(lease=self._breaker.reset_timeout):
            raise pybreaker.CircuitBreakerError("a trial call is already under way")

    def on_success(self) -> None:
        try:
            super().on_success()
        finally:
            self._breaker._state_storage.end_trial()

    def on_failure(self, exc: BaseException) -> None:
        try:
            super().on_failure(exc)
        finally:
            self._breaker._state_storage.end_trial()


class Breaker(pybreaker.CircuitBreaker):
    def _create_new_state(self, new_state, prev_state=None, notify=False):
        if new_state == pybreaker.STATE_HALF_OPEN:
            return SingleTrialHalfOpenState(self, prev_state=prev_state, notify=notify)
        return super()._create_new_state(new_state, prev_state=prev_state, notify=notify)

    def retry_after(self) -> int:
        opened_at = self._state_storage.opened_at
        if opened_at is None:
            return 1
        remaining = (opened_at + timedelta(seconds=self.reset_timeout) - datetime.now(UTC)).total_seconds()
        return max(1, math.ceil(remaining))


@functools.cache
def _storage(name: str, redis_url: str | None) -> SharedStorage:
    return SharedStorage(name, redis_url)


_per_thread = threading.local()
_generation = 0


def reset_breakers() -> None:
    """Forgets every breaker's state in this process (tests; an operator after fixing the database)."""
    global _generation
    _generation += 1
    _storage.cache_clear()


def breaker(name: str) -> Breaker:
    """The breaker `name` of this thread. pybreaker holds a lock for the whole of a call, so each thread
    gets its own breaker object; all of them share one state (this process's, or Redis's)."""
    breakers = _per_thread.__dict__.setdefault("breakers", {})
    config = (settings.BREAKER_FAIL_MAX, settings.BREAKER_RESET_TIMEOUT, settings.REDIS_URL, _generation)
    if name not in breakers or breakers[name][0] != config:
        storage = _storage(name, settings.REDIS_URL)
        built = Breaker(
            fail_max=settings.BREAKER_FAIL_MAX,
            reset_timeout=settings.BREAKER_RESET_TIMEOUT,
            exclude=[lambda error: not counts_as_failure(error)],
            state_storage=storage,
            name=name,
        )
        breakers[name] = (config, built)
    return breakers[name][1]


def overloaded(retry_after: int) -> ServiceUnavailable:
    return ServiceUnavailable(_("Too many orders right now; please try again in a moment."), retry_after=retry_after)


def guarded(name: str, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Calls `func` through the breaker `name`. An open breaker, and a failure that counts, both become
    ServiceUnavailable, which every door reports as "try again later"; anything else passes through."""
    guard = breaker(name)
    try:
        return guard.call(func, *args, **kwargs)
    except pybreaker.CircuitBreakerError:
        raise overloaded(guard.retry_after()) from None
    except (OperationalError, InterfaceError) as error:
        raise overloaded(1) from error
