from rest_framework import mixins, viewsets

from orderview import selectors
from orderview.api.serializers import OrderStatusViewSerializer
from shop.api.pagination import cursor_pagination


class OrderStatusViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every order of the caller on one screen, newest first: the CQRS read model."""

    serializer_class = OrderStatusViewSerializer
    pagination_class = cursor_pagination("-placed_at", "-order_id")
    lookup_field = "order_id"
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.my_orders(customer=self.request.user)
