"""schemathesis against the project's own OpenAPI schema, in-process: generated requests for every operation
(valid and invalid), sent by the seller, by a customer and by a stranger, must never get a 5xx, and every
response must match what the schema documents."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from accounts.services import token_issue
from tests.support.shop import place

# Every check of schemathesis but positive_data_acceptance: a schema cannot say that a product is out of
# stock or a username taken, so some schema-valid requests are refused (400) by design.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    missing_required_header,
    unsupported_method,
    ignored_auth,
]


def load_schema():
    from shop.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)  # served without touching the database


schema = load_schema()


@pytest.fixture
def orders(transactional_db, shop):
    """A few real orders give the generated ids something to find."""
    customer = shop.customer("alice")
    for n in range(3):
        place(shop.client_for(customer), (shop.product(name=f"상품 {n}", stock=50).pk, 1))
    return customer


def token_of(user) -> dict:
    return {"Authorization": f"Token {token_issue(user=user)}"}


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_the_seller_as_documented(case, orders, seller):
    """The seller may call every operation, so this reaches the deepest code."""
    case.call_and_validate(headers=token_of(seller), checks=CHECKS)


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_a_customer_as_documented(case, orders):
    """The orders' owner: her own orders, and the seller's operations refused."""
    case.call_and_validate(headers=token_of(orders), checks=CHECKS)


@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_a_stranger_as_documented(case, orders):
    """No credentials, and a token that is not valid: refused as documented even where anyone may call."""
    case.call_and_validate(checks=CHECKS)
    case.call_and_validate(headers={"Authorization": "Token not-a-valid-token"}, checks=CHECKS)


def test_every_operation_documents_its_answers_and_errors(anonymous):
    """Enough to build a client from the schema alone: each operation's success body, its error codes with
    their bodies, Retry-After on 429 and 503, and the Idempotency-Key header where it is accepted."""
    document = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operations = {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    idempotent = {
        ("POST", "/api/orders/"),
        ("POST", "/api/orders/{id}/cancel/"),
        ("POST", "/api/orders/{id}/confirm-receipt/"),
        ("POST", "/api/payments/{order_id}/confirm/"),
        ("POST", "/api/refunds/{id}/mark-paid/"),
    }
    for (method, path), operation in operations.items():
        responses = operation["responses"]
        success = [code for code in responses if code.startswith("2")]
        assert success and all("content" in responses[code] for code in success if code != "204"), (method, path)
        assert {"400", "503"} <= responses.keys(), (method, path)
        for code in responses.keys() - set(success):
            assert responses[code]["description"] and "content" in responses[code], (method, path, code)
        for code in {"429", "503"} & responses.keys():
            assert "Retry-After" in responses[code]["headers"], (method, path, code)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert ("Idempotency-Key" in headers) == ((method, path) in idempotent), (method, path)
        if not path.startswith("/api/auth/"):
            assert "401" in responses, (method, path)  # a token that is not valid, even where anyone may read
        if method == "POST" and not path.endswith(
            ("/cancel/", "/confirm-receipt/", "/confirm/", "/logout/", "/logout-all/", "/dismiss/", "/mark-paid/")
        ):
            assert "requestBody" in operation, (method, path)
        assert ("413" in responses) == (method != "GET"), (method, path)  # a body over the size limit

    assert {"403", "404", "409", "422"} <= operations[("POST", "/api/payments/{order_id}/confirm/")]["responses"].keys()
    assert "429" in operations[("POST", "/api/orders/")]["responses"]
    assert "429" in operations[("POST", "/api/auth/token/")]["responses"]
