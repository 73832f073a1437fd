from django.urls import path

from bench.reference.views import MinimalMyOrders, MinimalOrders
from shop.urls import urlpatterns as shop_urlpatterns

urlpatterns = [
    path("reference/orders/", MinimalOrders.as_view()),
    path("reference/my-orders/", MinimalMyOrders.as_view()),
    *shop_urlpatterns,
]
