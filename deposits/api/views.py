from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from deposits import selectors, services
from deposits.api.serializers import (
    DepositInputSerializer,
    DepositMatchSerializer,
    DepositSerializer,
    DepositStatusQuerySerializer,
)
from shop.api.pagination import cursor_pagination
from shop.api.permissions import IsAdminUser


class DepositViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The lines of the shop's bank statement, for the seller and a bank-API integration: each is matched to
    its order when it arrives, or waits to be matched by hand or dismissed."""

    serializer_class = DepositSerializer
    permission_classes = [IsAdminUser]
    pagination_class = cursor_pagination("-id")
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        query = DepositStatusQuerySerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return selectors.deposit_list(status=query.validated_data.get("status"))

    @extend_schema(parameters=[OpenApiParameter("status", enum=["matched", "unmatched", "dismissed"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DepositInputSerializer, responses={201: DepositSerializer, 200: DepositSerializer})
    def create(self, request):
        serializer = DepositInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deposit, created = services.deposit_record(services.StatementLine(**serializer.validated_data))
        return Response(
            DepositSerializer(deposit).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(request=DepositMatchSerializer, responses=DepositSerializer)
    @action(detail=True, methods=["post"])
    def match(self, request, pk):
        serializer = DepositMatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deposit = services.deposit_match(
            deposit_id=int(pk), order_id=serializer.validated_data["order_id"], matched_by=request.user
        )
        return Response(DepositSerializer(deposit).data)

    @extend_schema(request=None, responses=DepositSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk):
        deposit = services.deposit_dismiss(deposit_id=int(pk), dismissed_by=request.user)
        return Response(DepositSerializer(deposit).data)
