"""Fixtures only: the shop's people (customers and the seller) and their API clients. The helpers they are
built on, and those the tests call, are in tests/support/."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from tests.support.shop import Shop


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


@pytest.fixture
def admin_client_as_seller(seller) -> Client:
    """The seller signed in to the Django admin."""
    client = Client()
    client.force_login(seller)
    return client


@pytest.fixture
def apples(shop):
    return shop.product(name="사과", price=32000, stock=10)
