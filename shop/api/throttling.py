"""Throttles whose counters live in the cache. When the cache (Redis) is unreachable they let requests
through instead of failing them: a throttle protects the shop, it must never be what takes it down."""

import logging

from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import ScopedRateThrottle

from shop.api.idempotency import is_replay

logger = logging.getLogger(__name__)


class FailOpenScopedRateThrottle(ScopedRateThrottle):
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except ImproperlyConfigured:
            raise
        except Exception:  # redis.ConnectionError, TimeoutError, …: whatever the cache backend raises
            logger.warning("throttle cache unavailable; request let through unthrottled", exc_info=True)
            return True


class OrderPlacementThrottle(FailOpenScopedRateThrottle):
    """Placing orders, per customer. A request that replays a stored Idempotency-Key answer is let through:
    it creates nothing, and a client retrying after a lost response must get its order back."""

    def allow_request(self, request, view):
        return is_replay(request) or super().allow_request(request, view)
