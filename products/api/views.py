from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from products import selectors, services
from products.api.serializers import ProductSerializer
from shop.api.pagination import cursor_pagination
from shop.api.permissions import ReadAnyoneWriteStaff


class ProductViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The catalogue. Customers and anonymous callers see active products; the seller sees all."""

    serializer_class = ProductSerializer
    permission_classes = [ReadAnyoneWriteStaff]
    pagination_class = cursor_pagination("id")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.product_list(include_inactive=self.request.user.is_staff)

    def perform_create(self, serializer):
        serializer.instance = services.product_create(**serializer.validated_data)

    @extend_schema(request=ProductSerializer(partial=True), responses=ProductSerializer)
    def partial_update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        product = services.product_update(
            product_id=serializer.instance.pk, changed_by=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(product).data)
