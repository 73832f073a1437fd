"""The catalogue through the API: anyone looks at active products, only the seller changes them, and a bad product
or change writes nothing."""

import pytest

from eventbus.models import StoredEvent
from products.models import Product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "배", "price": 10**13, "stock": 1},
        {"name": "배", "price": 1, "stock": 2**31},
        {"name": "배", "price": -1, "stock": 1},
        {"name": "배", "price": 1.5, "stock": 1},
        {"name": "배", "price": "1000", "stock": 1},
        {"name": "", "price": 1, "stock": 1},
        {"name": "배\u0007", "price": 1, "stock": 1},
        {"name": "배", "price": 1, "stock": True},
    ],
    ids=["price-too-large", "stock-too-large", "negative-price", "float", "string", "empty-name", "bell", "bool"],
)
def test_bad_products_are_refused_and_nothing_is_written(as_seller, body):
    response = as_seller.post("/api/products/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()) <= {"name", "price", "stock"}
    assert not Product.objects.exists()


def test_customers_see_active_products_and_the_seller_sees_all(shop, anonymous, as_alice, as_seller, apples):
    retired = shop.product(name="단종 상품", active=False)

    assert [p["id"] for p in anonymous.get("/api/products/").json()["results"]] == [apples.pk]
    assert [p["id"] for p in as_alice.get("/api/products/").json()["results"]] == [apples.pk]
    assert as_alice.get(f"/api/products/{retired.pk}/").status_code == 404
    assert [p["id"] for p in as_seller.get("/api/products/").json()["results"]] == [apples.pk, retired.pk]


def test_only_the_seller_changes_the_catalogue(as_alice, as_seller, apples):
    assert as_alice.post("/api/products/", {"name": "배", "price": 1, "stock": 1}, format="json").status_code == 403
    assert as_alice.patch(f"/api/products/{apples.pk}/", {"stock": 99}, format="json").status_code == 403

    created = as_seller.post("/api/products/", {"name": "배", "price": 25000, "stock": 7}, format="json")
    changed = as_seller.patch(f"/api/products/{apples.pk}/", {"stock": 99, "active": False}, format="json")

    assert created.status_code == 201
    assert created.json() == {"id": created.json()["id"], "name": "배", "price": 25000, "stock": 7, "active": True}
    assert changed.status_code == 200
    assert (changed.json()["stock"], changed.json()["active"], changed.json()["price"]) == (99, False, 32000)
    assert as_seller.patch(f"/api/products/{apples.pk}/", {"stock": -1}, format="json").status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"stock": -1},
        {"stock": 5, "price": "비쌈"},
        {"stock": 2**31},
        {"stock": 5, "active": "yes"},
        {"active": 0},
        {"name": ""},
    ],
)
def test_a_bad_change_to_a_product_changes_nothing(as_seller, apples, change):
    response = as_seller.patch(f"/api/products/{apples.pk}/", change, format="json")

    assert response.status_code == 400
    assert set(response.json()) <= set(change)
    apples.refresh_from_db()
    assert (apples.name, apples.price, apples.stock, apples.active) == ("사과", 32000, 10, True)
    assert not StoredEvent.objects.exists()
