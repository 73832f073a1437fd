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
    """One row per product per order whose stock was taken: the record that makes the take happen once."""

    order_id = models.BigIntegerField()
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="movements")
    quantity = models.IntegerField(help_text="negative: taken from stock")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order_id", "product"], name="stock_moves_once_per_order"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity:+d} × {self.product_id} for order {self.order_id}"
