"""The one request format of the API, a JSON object within the size limit: anything else is 400 in the customer's
language, never a 500, and nothing is written."""

import json

import pytest

from tests.support.shop import nothing_was_written, order_body

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"items": [', "요청 본문이 올바른 JSON이 아닙니다 (1행 12열)."),
        ("[" * 30_000 + "]" * 30_000, "너무 깊은 중첩"),  # deeper than Python's parser recurses
        ('{"items": [{"product_id": 1, "quantity": NaN}]}', "NaN"),
        ('{"items": [{"product_id": 1, "quantity": ' + "9" * 5000 + "}]}", "너무 긴 숫자"),
        (b'{"shipping_address": "\xff"}', "UTF-8"),
        ("null", "JSON 객체"),
        ('["items"]', "JSON 객체"),
        ('"items"', "JSON 객체"),
    ],
    ids=["truncated", "nested-too-deep", "nan", "too-many-digits", "not-utf-8", "null", "array", "string"],
)
def test_a_body_that_is_not_a_json_object_is_400_in_the_customers_language(as_alice, apples, body, message):
    response = as_alice.post("/api/orders/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert nothing_was_written()


def test_a_lone_surrogate_with_an_idempotency_key_is_400_not_500(as_alice, apples):
    line = json.dumps({"product_id": apples.pk, "quantity": 1})
    body = '{"items": [' + line + '], "shipping_address": "a\\ud800"}'  # JSON may spell a lone surrogate

    response = as_alice.post("/api/orders/", data=body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s1")

    assert response.status_code == 400
    assert set(response.json()) == {"shipping_address"}
    assert nothing_was_written()


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(as_alice, apples, settings):
    body = {**order_body((apples.pk, 1)), "shipping_address": "서울 " + "가" * 30_000}  # about 90 kB of JSON

    response = as_alice.post("/api/orders/", body, format="json")

    assert response.status_code == 413  # SPEC: 413 for a body over the size limit
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in response.json()["detail"]
    assert nothing_was_written()
