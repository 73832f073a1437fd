from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from payments import selectors, services
from payments.api.serializers import (
    PaymentSerializer,
    PaymentStatusQuerySerializer,
    RefundSerializer,
    RefundStatusQuerySerializer,
)
from shop.api.idempotency import idempotent
from shop.api.pagination import cursor_pagination
from shop.api.permissions import IsAdminUser


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Bank-transfer payments, for the seller: see who has paid, and confirm deposits."""

    serializer_class = PaymentSerializer
    permission_classes = [IsAdminUser]
    pagination_class = cursor_pagination("-order_id")
    lookup_field = "order_id"
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        # A plain dict: DRF reads a QueryDict as an HTML form, where `?status=` would mean "no filter".
        query = PaymentStatusQuerySerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return selectors.payment_list(status=query.validated_data.get("status"))

    @extend_schema(parameters=[OpenApiParameter("status", enum=["pending", "confirmed", "canceled"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=PaymentSerializer)
    @action(detail=True, methods=["post"])
    @idempotent
    def confirm(self, request, order_id):
        payment = services.payment_confirm_deposit(order_id=int(order_id), confirmed_by=request.user)
        return Response(PaymentSerializer(payment).data)


class RefundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Money the shop owes back, for the seller: oldest first, since the legal clock is running."""

    serializer_class = RefundSerializer
    permission_classes = [IsAdminUser]
    pagination_class = cursor_pagination("created_at", "id")
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        query = RefundStatusQuerySerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return selectors.refund_list(status=query.validated_data.get("status"))

    @extend_schema(parameters=[OpenApiParameter("status", enum=["due", "paid"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=RefundSerializer)
    @action(detail=True, methods=["post"], url_path="mark-paid")
    @idempotent
    def mark_paid(self, request, pk):
        refund = services.refund_mark_paid(refund_id=int(pk), paid_by=request.user)
        return Response(RefundSerializer(refund).data)
