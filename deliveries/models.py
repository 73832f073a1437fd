from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from deliveries.events import DeliveryStatus


class Delivery(FSMModelMixin, models.Model):
    """One per order. Known from OrderPlaced (the address), started when the stock is taken, completed
    when the customer confirms receipt. Events may arrive in any order: whichever comes first creates it."""

    Status = DeliveryStatus

    order_id = models.BigIntegerField(unique=True, verbose_name=_("order id"))
    shipping_address = models.CharField(max_length=300, blank=True, verbose_name=_("shipping address"))
    status = FSMField(
        default=Status.PENDING, choices=Status.choices, protected=True, db_index=True, verbose_name=_("status")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-order_id"]

    def __str__(self) -> str:
        return f"delivery of order {self.order_id} ({self.status})"

    @transition(field=status, source=Status.PENDING, target=Status.STARTED)
    def start(self, *, at) -> None:
        self.started_at = at

    @transition(field=status, source=[Status.PENDING, Status.STARTED], target=Status.COMPLETED)
    def complete(self, *, at) -> None:
        self.completed_at = at

    @transition(field=status, source=Status.PENDING, target=Status.CANCELED)
    def cancel(self) -> None:
        pass
