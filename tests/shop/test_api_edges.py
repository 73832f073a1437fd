"""Edges a stranger on the internet finds first: made-up cursors and paths, spoofed addresses, missing slashes,
health probes over plain HTTP."""

import base64

import pytest
from django.core.cache import cache

from shop.api.throttling import FailOpenScopedRateThrottle
from shop.env import parse_throttle_rates
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/api/products/", "/api/orders/", "/api/my-orders/", "/api/payments/"])
def test_a_made_up_cursor_is_404_not_500(as_seller, path):
    crafted = base64.b64encode(b"p=garbage").decode()

    response = as_seller.get(path, {"cursor": crafted})

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/orders/abc/"),
        ("get", "/api/orders/1234567890123456789/"),
        ("post", "/api/orders"),
        ("get", "/api/nothing-here/"),
    ],
)
def test_unknown_api_paths_are_json_404(as_alice, method, path):
    response = getattr(as_alice, method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_the_client_address_of_the_auth_throttle_is_not_taken_from_a_header(anonymous, alice, monkeypatch):
    monkeypatch.setattr(FailOpenScopedRateThrottle, "THROTTLE_RATES", {"orders": None, "auth": "2/minute"})
    cache.clear()
    wrong = {"username": "alice", "password": "guess"}

    statuses = [
        anonymous.post("/api/auth/token/", wrong, format="json", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]

    assert statuses == [400, 400, 429, 429]
    cache.clear()


def test_throttle_rates_name_only_what_changes():
    defaults = {"orders": "30/minute", "auth": "10/minute"}

    assert parse_throttle_rates("orders=3/minute", defaults) == {"orders": "3/minute", "auth": "10/minute"}
    assert parse_throttle_rates("off", defaults) == {"orders": None, "auth": None}
    assert parse_throttle_rates("", defaults) == defaults


def test_health_probes_are_not_redirected_to_https(anonymous, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.get("/readyz").status_code == 200
    assert anonymous.get("/api/products/").status_code == 301


def test_another_customers_order_is_not_found_in_the_customers_language(shop, as_alice, as_bob):
    order = place(as_alice, (shop.product().pk, 1))

    for path in (f"/api/orders/{order['id']}/", f"/api/my-orders/{order['id']}/", "/api/products/987654/"):
        korean, english = as_bob.get(path), as_bob.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert (korean.status_code, korean.json()) == (404, {"detail": "찾을 수 없습니다."}), path
        assert (english.status_code, english.json()) == (404, {"detail": "Not found."}), path


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/payments/?status=", "status"),
        ("/api/payments/?status=bogus", "status"),
        ("/api/products/?page_size=0", "page_size"),
        ("/api/products/?page_size=abc", "page_size"),
        ("/api/products/?page_size=101", "page_size"),
        ("/api/orders/?page_size=null&page_size=null", "page_size"),
    ],
)
def test_a_bad_query_parameter_is_400_naming_it_not_ignored(as_seller, path, field):
    response = as_seller.get(path)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_page_size_pages(shop, as_seller):
    for n in range(3):
        shop.product(name=f"상품 {n}")

    first = as_seller.get("/api/products/?page_size=2").json()

    assert len(first["results"]) == 2 and first["next"]
    assert len(as_seller.get(first["next"]).json()["results"]) == 1
