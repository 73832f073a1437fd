"""A delivery starts once, and a started delivery cannot be canceled."""

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from deliveries.models import Delivery


def test_a_delivery_starts_once_and_a_started_delivery_cannot_be_canceled():
    delivery = Delivery()
    delivery.start(at=timezone.now())

    with pytest.raises(TransitionNotAllowed):
        delivery.start(at=timezone.now())
    with pytest.raises(TransitionNotAllowed):
        delivery.cancel()
