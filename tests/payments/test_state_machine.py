"""A payment is confirmed or canceled, once."""

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from payments.models import Payment


@pytest.mark.parametrize("status", [Payment.Status.CONFIRMED, Payment.Status.CANCELED])
def test_a_payment_is_confirmed_or_canceled_once(status):
    payment = Payment(status=status)

    with pytest.raises(TransitionNotAllowed):
        payment.confirm(by_id=None, at=timezone.now())
    with pytest.raises(TransitionNotAllowed):
        payment.cancel(reason="customer", by_id=None, at=timezone.now())
