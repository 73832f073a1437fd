"""The throttle's counters are shared by every web process: two real gunicorns without Redis count one rate."""

import pytest

from tests.support.shop import order_body
from tests.support.stack import Stack, django_database_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.postgres
@pytest.mark.runtime
def test_the_rate_is_per_customer_across_web_processes_without_redis(shop, tmp_path):
    """Web processes share nothing but the database (gunicorn's workers, or two machines): without Redis
    the counters live there, so a customer gets the rate once, not once per process."""
    token = shop.token_of(shop.customer("alice"))
    apples = shop.product(stock=100)
    webs = [
        Stack(tmp_path / name, django_database_url(), THROTTLE_RATES="orders=2/minute,auth=100/minute")
        for name in ("a", "b")
    ]
    try:
        for web in webs:
            web.web()
        statuses = [webs[n % 2].post("/api/orders/", order_body((apples.pk, 1)), token)[0] for n in range(6)]
    finally:
        for web in webs:
            web.stop()

    assert statuses == [201, 201, 429, 429, 429, 429]
