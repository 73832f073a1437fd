from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination


class NewestFirstCursorPagination(CursorPagination):
    """`{"next", "previous", "results"}`; stable while rows are added, and no COUNT(*) on large tables."""

    ordering = "-pk"
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # DRF checks a cursor's encoding, not the position inside it: a crafted one must be a 404, not a 500.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, ValidationError):
            raise NotFound(self.invalid_cursor_message) from None


def cursor_pagination(*ordering: str) -> type[CursorPagination]:
    """The same pagination over another (unique, indexed) ordering."""
    return type("CursorPagination", (NewestFirstCursorPagination,), {"ordering": ordering})
