from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    """Refuses a request whose declared body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE, before anything
    reads it. (Django enforces that limit only when the body is read as a whole; DRF reads the stream.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": _("Content-Length is not a number.")}, status=400)
        if limit is not None and length > limit:
            return JsonResponse(
                {"detail": _("The request body is larger than %(limit)d bytes.") % {"limit": limit}}, status=413
            )
        return self.get_response(request)
