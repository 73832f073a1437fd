from rest_framework.pagination import CursorPagination


class NewestFirstCursorPagination(CursorPagination):
    """`{"next", "previous", "results"}`; stable while rows are added, and no COUNT(*) on large tables."""

    ordering = "-pk"
    page_size_query_param = "page_size"
    max_page_size = 100


def cursor_pagination(*ordering: str) -> type[CursorPagination]:
    """The same pagination over another (unique, indexed) ordering."""
    return type("CursorPagination", (NewestFirstCursorPagination,), {"ordering": ordering})
