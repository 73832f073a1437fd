from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Product(models.Model):
    name = models.CharField(max_length=100, verbose_name=_("name"))
    price = models.BigIntegerField(validators=[MinValueValidator(0)], help_text="won", verbose_name=_("price"))
    stock = models.IntegerField(default=0, validators=[MinValueValidator(0)], verbose_name=_("stock"))
    active = models.BooleanField(
        default=True, help_text="inactive products cannot be ordered", verbose_name=_("active")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
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

    order_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("order id"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="movements", verbose_name=_("product"))
    quantity = models.IntegerField(help_text="positive: into stock; negative: out of it", verbose_name=_("quantity"))
    reason = models.CharField(max_length=200, blank=True, verbose_name=_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        constraints = [
            models.UniqueConstraint(fields=["order_id", "product"], name="stock_moves_once_per_order"),
        ]

    def __str__(self) -> str:
        why = f"order {self.order_id}" if self.order_id is not None else self.reason
        return f"{self.quantity:+d} × {self.product_id}: {why}"
