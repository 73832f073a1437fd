"""The one gateway: every door of every context is routed here."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.common import no_append_slash
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from accounts.api.views import LogoutAllView, LogoutView, PasswordChangeView, RegisterView, TokenView
from audit.api.views import OrderHistoryView
from deposits.api.views import DepositViewSet
from orders.api.views import OrderViewSet
from orderview.api.views import OrderStatusViewSet
from payments.api.views import PaymentViewSet, RefundViewSet
from products.api.views import ProductViewSet
from shop.api import errors

router = SimpleRouter()
router.register("products", ProductViewSet, basename="product")
router.register("orders", OrderViewSet, basename="order")
router.register("payments", PaymentViewSet, basename="payment")
router.register("my-orders", OrderStatusViewSet, basename="my-order")
router.register("deposits", DepositViewSet, basename="deposit")
router.register("refunds", RefundViewSet, basename="refund")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/auth/register/", RegisterView.as_view(), name="register"),
    path("api/auth/token/", TokenView.as_view(), name="token"),
    path("api/auth/logout/", LogoutView.as_view(), name="logout"),
    path("api/auth/logout-all/", LogoutAllView.as_view(), name="logout-all"),
    path("api/auth/password/", PasswordChangeView.as_view(), name="password-change"),
    path("api/audit/orders/<int:order_id>/", OrderHistoryView.as_view(), name="order-history"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    # The API's front door leads to its documentation (`make run` prints this address).
    path("api/", RedirectView.as_view(url="/api/docs/", permanent=False), name="api-root"),
    path("api/", include(router.urls)),
    # Anything else under /api/ is a JSON 404, even with DEBUG on, and a missing trailing slash is not
    # "fixed" by a redirect (which would turn a POST into a GET, or a 500 while DEBUG is on).
    re_path(r"^api/", csrf_exempt(no_append_slash(errors.not_found))),
]

handler400 = "shop.api.errors.bad_request"
handler404 = "shop.api.errors.not_found"
handler500 = "shop.api.errors.server_error"
