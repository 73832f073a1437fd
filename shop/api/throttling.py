"""Throttles whose counters live in the cache. When the cache (Redis) is unreachable they let requests
through instead of failing them: a throttle protects the shop, it must never be what takes it down."""

import hashlib
import ipaddress
import logging

from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle

from shop.api.idempotency import is_replay

logger = logging.getLogger(__name__)


class FailOpenScopedRateThrottle(ScopedRateThrottle):
    """A rate per scope (THROTTLE_RATES), counted in fixed windows with one atomic increment per request.

    DRF's own throttle reads a list of timestamps and writes it back, so requests arriving together all read
    the same list and all pass: a client sending fifty orders at once would get fifty. `cache.incr` is one
    INCRBY on Redis, so each request of a burst is counted. (The window resets at its end, so up to twice the
    rate can pass around a boundary; that is the usual price of a counter that cannot be raced.)
    """

    def allow_request(self, request, view):
        try:
            return self._count_and_allow(request, view)
        except ImproperlyConfigured:
            raise
        except Exception:  # redis.ConnectionError, TimeoutError, …: whatever the cache backend raises
            logger.warning("throttle cache unavailable; request let through unthrottled", exc_info=True)
            return True

    def _count_and_allow(self, request, view) -> bool:
        key = self._window_key(request, view)
        if key is None:
            return True
        self.cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's counter expired between add and incr
            count = 1
        return count <= self.num_requests

    def scope_of(self, view) -> str | None:
        return getattr(view, self.scope_attr, None)

    def _window_key(self, request, view) -> str | None:
        """The cache key of this request's counter in the current window (setting the rate and the seconds
        to the next window), or None when the view's scope has no rate."""
        self.scope = self.scope_of(view)
        if not self.scope:
            return None
        self.rate = self.get_rate()
        if self.rate is None:
            return None
        self.num_requests, self.duration = self.parse_rate(self.rate)
        ident = self.get_cache_key(request, view)
        if ident is None:
            return None
        now = self.timer()
        window = int(now // self.duration)
        self.seconds_to_next_window = (window + 1) * self.duration - now
        return f"{ident}:{window}"

    def wait(self) -> float:
        return self.seconds_to_next_window


class _FailureCounter(FailOpenScopedRateThrottle):
    """One counter of failed sign-ins: its own scope's rate, counted per username and client address, or per
    client address alone. `allow_request` reads the window's count without adding to it: only `failed` adds,
    so a good sign-in never counts."""

    def __init__(self, scope: str, username: str | None) -> None:
        super().__init__()
        self.fixed_scope = scope
        # A digest: whatever a client sends as a username ("{", spaces, 150 letters) makes a plain cache key.
        self.who = hashlib.sha256(username.casefold().encode()).hexdigest()[:32] if username is not None else None

    def scope_of(self, view) -> str:
        return self.fixed_scope

    def get_rate(self) -> str | None:
        return self.THROTTLE_RATES.get(self.scope)  # a scope without a rate counts nothing

    def get_cache_key(self, request, view) -> str:
        address = self.get_ident(request)
        if self.who is not None:
            return f"throttle_signin_{self.who}_{address}"
        return f"throttle_signin_address_{network_of(address)}"

    def _count_and_allow(self, request, view) -> bool:
        self.key = self._window_key(request, view)
        return self.key is None or (self.cache.get(self.key) or 0) < self.num_requests

    def failed(self) -> None:
        """One more failure in this window (after `allow_request`, which named the window)."""
        if getattr(self, "key", None) is None:
            return
        try:
            self.cache.add(self.key, 0, timeout=self.duration + 1)
            self.cache.incr(self.key)
        except Exception:  # the cache is down: nothing is counted, as every throttle here fails open
            logger.warning("throttle cache unavailable; a failed sign-in was not counted", exc_info=True)


class FailedSignInThrottle:
    """Failed sign-ins, in two counters, and good ones never:
    - per username and client address together, at the `auth` rate: someone else's wrong passwords from a
      shared address (an office, a mobile network) do not hold anybody else back;
    - per client address whatever the username (an IPv6 client's /64 network, which one subscriber holds), at
      the `auth_address` rate, far above what an office's typos reach: one address trying a common password
      on many usernames (password spraying) is stopped, and while it is, everybody behind that address waits
      for the window's end: the price of stopping it.
    No counter is kept per username alone: anybody could then lock a known username out from anywhere. (After
    5 wrong passwords in a row, django-axes locks the username and address pair too.) The view asks
    `allow_request` before it checks the password, and calls `failed` when the password was wrong."""

    def __init__(self, username: str) -> None:
        self.counters = [_FailureCounter("auth", username), _FailureCounter("auth_address", None)]
        self.refused_by: _FailureCounter | None = None

    def allow_request(self, request, view) -> bool:
        self.refused_by = next((c for c in self.counters if not c.allow_request(request, view)), None)
        return self.refused_by is None

    def wait(self) -> float:
        return self.refused_by.wait() if self.refused_by else 0

    def failed(self) -> None:
        for counter in self.counters:
            counter.failed()


class OrderPlacementThrottle(FailOpenScopedRateThrottle):
    """Placing orders, per customer. A request that replays a stored Idempotency-Key answer is let through:
    it creates nothing, and a client retrying after a lost response must get its order back."""

    def allow_request(self, request, view):
        return is_replay(request) or super().allow_request(request, view)


def network_of(address: str) -> str:
    """An IPv4 address as it is; an IPv6 address as its /64 network, which a single subscriber is handed
    whole (counting each of its addresses would let one client try from 2**64 of them)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return address


def client_address(request) -> str:
    """A request's client address as the throttles count it: REMOTE_ADDR, or behind the trusted proxy
    (TRUST_PROXY_HEADER) the X-Forwarded-For entry that proxy added, never one a client could write. The
    sign-in lockout (django-axes, AXES_CLIENT_IP_CALLABLE) counts the same address."""
    return BaseThrottle().get_ident(request)
