from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAdminUser

__all__ = ["IsAdminUser", "ReadAnyoneWriteStaff"]


class ReadAnyoneWriteStaff(BasePermission):
    """The catalogue: anyone may look, only the seller (staff) may change it."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_staff)
