"""confirm_deposit: the seller's confirmation from a shell, reported order by order."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from payments.models import Payment
from products.models import Product
from tests.support.shop import place, run

pytestmark = pytest.mark.django_db(transaction=True)


def test_confirm_deposit_confirms_each_order_and_reports_each(shop, as_alice):
    apples = shop.product(stock=3)
    first = place(as_alice, (apples.pk, 2))
    second = place(as_alice, (apples.pk, 2))

    with pytest.raises(CommandError, match="1 of 2"):
        run("confirm_deposit", str(first["id"]), str(second["id"]))

    assert Payment.objects.get(order_id=first["id"]).status == "confirmed"
    second_payment = Payment.objects.get(order_id=second["id"])
    assert (second_payment.status, second_payment.cancel_reason) == ("canceled", "out_of_stock")
    assert Product.objects.get(pk=apples.pk).stock == 1


def test_confirm_deposit_says_why_an_order_was_not_confirmed(shop, as_alice):
    apples = shop.product(stock=3)
    order = place(as_alice, (apples.pk, 1))
    run("confirm_deposit", str(order["id"]))
    out = StringIO()

    with pytest.raises(CommandError, match="2 of 2"):
        call_command("confirm_deposit", str(order["id"]), "424242", stdout=out)

    report = out.getvalue().splitlines()
    assert len(report) == 2
    assert str(order["id"]) in report[0] and "424242" in report[1]
    assert Product.objects.get(pk=apples.pk).stock == 2
