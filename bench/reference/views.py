"""The floor of bench/events.py: the least a DRF endpoint can do for the same work, on the same server.

`POST /reference/orders/` does the inserts of placing an order (the order, its lines, its outbox event) in
one transaction, with the shop's authentication and nothing else: no validation beyond the products' prices,
no stock check, no idempotency, no breaker, no throttle. `GET /reference/my-orders/` reads the customer's
first page of the read model with a plain serializer. The shop's endpoints are measured against these.
"""

import uuid

from django.db import transaction
from django.utils import timezone
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from eventbus.models import StoredEvent
from orders.models import Order, OrderLine
from orderview.models import OrderStatusView
from products.models import Product


class MinimalOrders(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request):
        items = request.data["items"]
        with transaction.atomic():
            prices = dict(Product.objects.filter(pk__in=[i["product_id"] for i in items]).values_list("pk", "price"))
            total = sum(prices[i["product_id"]] * i["quantity"] for i in items)
            order = Order.objects.create(
                customer=request.user,
                shipping_address=request.data["shipping_address"],
                depositor_name=request.user.username,
                bank_account="bench",
                total=total,
            )
            OrderLine.objects.bulk_create(
                [
                    OrderLine(
                        order=order,
                        product_id=i["product_id"],
                        product_name="bench",
                        unit_price=prices[i["product_id"]],
                        quantity=i["quantity"],
                    )
                    for i in items
                ]
            )
            StoredEvent.objects.create(
                event_id=uuid.uuid4(),
                event_type="BenchOrderPlaced",  # no subscriber: the floor wakes nobody
                order_id=order.pk,
                occurred_at=timezone.now(),
                payload={"items": items, "total": total},
            )
        return Response({"id": order.pk, "total": total}, status=201)


class StatusRow(serializers.ModelSerializer):
    class Meta:
        model = OrderStatusView
        fields = ["order_id", "status", "items", "total", "payment_status", "delivery_status", "placed_at"]


class MinimalMyOrders(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        rows = OrderStatusView.objects.filter(customer=request.user).order_by("-placed_at", "-order_id")[:20]
        return Response({"results": StatusRow(rows, many=True).data})
