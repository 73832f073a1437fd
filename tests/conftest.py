"""Shared fixtures: the shop's people (customers and the seller), its catalogue, and API helpers."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI is set, so the suite must run on PostgreSQL (127.0.0.1:5432 unreachable?)")
    skip = pytest.mark.skip(reason="needs PostgreSQL (this run uses SQLite)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class Shop:
    """What a test needs to drive the shop through its API, as its users would."""

    def __init__(self, django_user_model):
        self.users = django_user_model

    def client_for(self, user=None, **headers) -> APIClient:
        client = APIClient(**headers)
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client

    def customer(self, username: str = "alice"):
        return self.users.objects.create_user(username=username, password="a-long-test-passphrase")

    def seller(self, username: str = "seller"):
        return self.users.objects.create_user(username=username, password="a-long-test-passphrase", is_staff=True)

    def product(self, *, name: str = "유기농 사과 5kg", price: int = 32000, stock: int = 10, active: bool = True):
        from products.services import product_create

        return product_create(name=name, price=price, stock=stock, active=active)


@pytest.fixture(autouse=True)
def closed_breakers():
    """Every test starts with closed circuit breakers, whatever the previous one did to them."""
    from shop.breakers import reset_breakers

    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def shop(django_user_model) -> Shop:
    return Shop(django_user_model)


@pytest.fixture
def alice(shop):
    return shop.customer("alice")


@pytest.fixture
def bob(shop):
    return shop.customer("bob")


@pytest.fixture
def seller(shop):
    return shop.seller()


@pytest.fixture
def as_alice(shop, alice) -> APIClient:
    return shop.client_for(alice)


@pytest.fixture
def as_bob(shop, bob) -> APIClient:
    return shop.client_for(bob)


@pytest.fixture
def as_seller(shop, seller) -> APIClient:
    return shop.client_for(seller)


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


def order_body(*lines: tuple[int, int], address: str = "서울시 중구 세종대로 110", **extra) -> dict:
    return {
        "items": [{"product_id": product_id, "quantity": quantity} for product_id, quantity in lines],
        "shipping_address": address,
        **extra,
    }


def place(client: APIClient, *lines: tuple[int, int], **extra) -> dict:
    response = client.post("/api/orders/", order_body(*lines, **extra), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def my_order(client: APIClient, order_id: int) -> dict:
    response = client.get(f"/api/my-orders/{order_id}/")
    assert response.status_code == 200, response.content
    return response.json()
