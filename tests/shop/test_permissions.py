"""Who may do what: every endpoint, for each of anonymous, the customer, another customer and the seller.
Another customer's order is 404, never 403, so order ids tell a stranger nothing."""

import pytest
from django.test import Client

from tests.support.shop import order_body, place

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ("anonymous", "customer", "other", "staff")
PASSWORD = "a-long-test-passphrase"  # every test account's

# (method, path, body, expected status for anonymous, customer, other customer, staff)
MATRIX = [
    ("get", "/api/products/", None, (200, 200, 200, 200)),
    ("get", "/api/products/{product}/", None, (200, 200, 200, 200)),
    ("post", "/api/products/", {"name": "배", "price": 1, "stock": 1}, (401, 403, 403, 201)),
    ("patch", "/api/products/{product}/", {"stock": 5}, (401, 403, 403, 200)),
    ("get", "/api/orders/", None, (401, 200, 200, 200)),
    ("post", "/api/orders/", "order", (401, 201, 201, 201)),
    ("get", "/api/orders/{order}/", None, (401, 200, 404, 404)),
    ("post", "/api/orders/{order}/cancel/", None, (401, 200, 404, 404)),
    ("post", "/api/orders/{order}/confirm-receipt/", None, (401, 409, 404, 404)),
    ("get", "/api/my-orders/", None, (401, 200, 200, 200)),
    ("get", "/api/my-orders/{order}/", None, (401, 200, 404, 404)),
    ("get", "/api/payments/", None, (401, 403, 403, 200)),
    ("get", "/api/payments/{order}/", None, (401, 403, 403, 200)),
    ("post", "/api/payments/{order}/confirm/", None, (401, 403, 403, 200)),
    ("get", "/api/audit/orders/{order}/", None, (401, 403, 403, 200)),
    ("post", "/api/auth/register/", {"username": "newcomer", "password": "a-long-enough-pass"}, (201,) * 4),
    ("post", "/api/auth/token/", {"username": "alice", "password": "a-long-test-passphrase"}, (200,) * 4),
    ("post", "/api/auth/logout/", None, (401, 204, 204, 204)),
    ("post", "/api/auth/logout-all/", None, (401, 204, 204, 204)),
    (
        "post",
        "/api/auth/password/",
        {"old_password": PASSWORD, "new_password": "another-pass-2026"},
        (401, 200, 200, 200),
    ),
    ("get", "/api/schema/", None, (200, 200, 200, 200)),
    ("get", "/api/docs/", None, (200, 200, 200, 200)),
    ("get", "/healthz", None, (200, 200, 200, 200)),
    ("get", "/readyz", None, (200, 200, 200, 200)),
]

CASES = [
    pytest.param(method, path, body, role, expected[n], id=f"{role}-{method}-{path}")
    for method, path, body, expected in MATRIX
    for n, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_permission_matrix(shop, alice, bob, seller, anonymous, method, path, body, role, expected):
    product = shop.product(stock=10)
    order = place(shop.client_for(alice), (product.pk, 1))
    client = {
        "anonymous": anonymous,
        "customer": shop.client_for(alice),
        "other": shop.client_for(bob),
        "staff": shop.client_for(seller),
    }[role]
    if body == "order":
        body = order_body((product.pk, 1))

    response = getattr(client, method)(path.format(product=product.pk, order=order["id"]), body, format="json")

    assert response.status_code == expected, response.content[:300]
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(("user", "expected"), [(None, 302), ("alice", 302), ("seller", 200)])
def test_the_admin_is_for_staff_only(request, user, expected):
    client = Client()
    if user:
        client.force_login(request.getfixturevalue(user))

    assert client.get("/admin/").status_code == expected
    assert client.get("/admin/payments/payment/").status_code == expected
