from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from orders import selectors, services
from orders.api.serializers import OrderPlaceSerializer, OrderSerializer, RefundAccountInputSerializer
from shop.api.idempotency import idempotent
from shop.api.throttling import OrderPlacementThrottle


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The customer's own orders. Another customer's order is 404, so ids tell nothing."""

    serializer_class = OrderSerializer
    throttle_scope = "orders"
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.order_list_for_customer(customer=self.request.user)

    def get_throttles(self):
        return [OrderPlacementThrottle()] if self.action == "create" else []

    @extend_schema(request=OrderPlaceSerializer, responses={201: OrderSerializer})
    @idempotent
    def create(self, request):
        serializer = OrderPlaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = services.order_place(
            customer=request.user,
            items=[services.OrderItem(**item) for item in data["items"]],
            shipping_address=data["shipping_address"],
            depositor_name=data["depositor_name"],
        )
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    @idempotent
    def cancel(self, request, pk):
        order = services.order_cancel(order_id=int(pk), customer=request.user)
        return Response(OrderSerializer(order).data)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-receipt")
    @idempotent
    def confirm_receipt(self, request, pk):
        order = services.order_confirm_receipt(order_id=int(pk), customer=request.user)
        return Response(OrderSerializer(order).data)

    @extend_schema(request=RefundAccountInputSerializer, responses=RefundAccountInputSerializer)
    @action(detail=True, methods=["put"], url_path="refund-account")
    def refund_account(self, request, pk):
        serializer = RefundAccountInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account = services.order_set_refund_account(
            order_id=int(pk), customer=request.user, **serializer.validated_data
        )
        return Response(RefundAccountInputSerializer(account).data)
