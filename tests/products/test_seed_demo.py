"""seed_demo: the demo catalogue and accounts, safe to run twice."""

import pytest
from django.contrib.auth import get_user_model

from products.models import Product
from tests.support.shop import run

pytestmark = pytest.mark.django_db(transaction=True)


def test_seed_demo_is_safe_to_run_twice():
    run("seed_demo")
    products, users = Product.objects.count(), get_user_model().objects.count()
    Product.objects.filter(name="제주 감귤 3kg").update(stock=3)

    run("seed_demo")

    assert products >= 5 and users == 3
    assert (Product.objects.count(), get_user_model().objects.count()) == (products, users)
    assert Product.objects.get(name="제주 감귤 3kg").stock == 3, "what exists is kept"
    assert get_user_model().objects.get(username="seller").is_staff
