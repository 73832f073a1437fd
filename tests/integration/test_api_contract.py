"""schemathesis against the project's own OpenAPI schema, in-process: generated requests for every operation
(valid and invalid) must never get a 5xx, and every response must match what the schema documents."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import place

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def load_schema():
    from shop.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)  # served without touching the database


schema = load_schema()


@pytest.fixture
def seller_token(transactional_db, shop, seller):
    """A seller may call every operation; a few real orders give the generated ids something to find."""
    customer = shop.customer("alice")
    for n in range(3):
        place(shop.client_for(customer), (shop.product(name=f"상품 {n}", stock=50).pk, 1))
    return Token.objects.get_or_create(user=seller)[0].key


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_as_documented(case, seller_token):
    case.call_and_validate(headers={"Authorization": f"Token {seller_token}"}, checks=CHECKS)
