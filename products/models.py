from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.BigIntegerField(validators=[MinValueValidator(0)], help_text="won")
    stock = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    active = models.BooleanField(default=True, help_text="inactive products cannot be ordered")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # The last guard against overselling, whatever the code above it does.
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_not_negative"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class StockMovement(models.Model):
    """Every change of a product's stock after it was created, so that its level is its history's sum:
    taken for an order whose deposit was confirmed (`order_id`; once per order and product, which makes the
    take happen once), or changed by the seller (goods received, damaged, counted), with who and why."""

    order_id = models.BigIntegerField(null=True, blank=True)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="movements")
    quantity = models.IntegerField(help_text="positive: into stock; negative: out of it")
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order_id", "product"], name="stock_moves_once_per_order"),
        ]

    def __str__(self) -> str:
        why = f"order {self.order_id}" if self.order_id is not None else self.reason
        return f"{self.quantity:+d} × {self.product_id}: {why}"
