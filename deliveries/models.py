from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from deliveries.events import DeliveryStatus


class Delivery(FSMModelMixin, models.Model):
    """One per order. Known from OrderPlaced (the address), started when the stock is taken, completed
    when the customer confirms receipt. Events may arrive in any order: whichever comes first creates it."""

    Status = DeliveryStatus

    order_id = models.BigIntegerField(unique=True)
    shipping_address = models.CharField(max_length=300, blank=True)
    status = FSMField(default=Status.PENDING, choices=Status.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-order_id"]
        verbose_name_plural = "deliveries"

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
