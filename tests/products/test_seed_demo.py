"""seed_demo: the demo catalogue and accounts, safe to run twice."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from products.models import Product
from tests.support.shop import run

pytestmark = pytest.mark.django_db(transaction=True)


def test_seed_demo_is_safe_to_run_twice(settings):
    settings.DEBUG = True  # as `make run` runs it
    run("seed_demo")
    products, users = Product.objects.count(), get_user_model().objects.count()
    Product.objects.filter(name="제주 감귤 3kg").update(stock=3)

    run("seed_demo")

    assert products >= 5 and users == 3
    assert (Product.objects.count(), get_user_model().objects.count()) == (products, users)
    assert Product.objects.get(name="제주 감귤 3kg").stock == 3, "what exists is kept"
    assert get_user_model().objects.get(username="seller").is_staff


def test_with_debug_off_seed_demo_refuses_unless_forced_and_then_shows_no_password():
    with pytest.raises(CommandError, match="--force"):
        run("seed_demo")
    assert not Product.objects.exists()

    out = run("seed_demo", "--force")

    assert "pass-2026" not in out
    assert Product.objects.exists()
    seller = get_user_model().objects.get(username="seller")
    assert seller.has_usable_password() and not seller.check_password("seller-pass-2026")
