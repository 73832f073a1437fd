from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _


def takes_body_up_to(max_bytes: int):
    """Marks a view that takes a larger body than MAX_REQUEST_BODY_BYTES: a file upload (the admin's bank
    statement). RequestBodyLimitMiddleware holds it to `max_bytes` instead."""

    def mark(view):
        view.max_request_body_bytes = max_bytes
        return view

    return mark


class RequestBodyLimitMiddleware:
    """Refuses a request whose declared body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE (or the view's own
    limit, `takes_body_up_to`) with 413, before anything reads it: it runs before the CSRF check, the first
    reader of a form's body. (Django enforces that limit only when the body is read as a whole; DRF reads the
    stream.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "max_request_body_bytes", settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": _("Content-Length is not a number.")}, status=400)
        if limit is not None and length > limit:
            return JsonResponse(
                {"detail": _("The request body is larger than %(limit)d bytes.") % {"limit": limit}}, status=413
            )
        return None
