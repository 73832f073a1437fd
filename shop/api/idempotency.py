"""`Idempotency-Key`: the same key and body from the same user gets the first answer, and the work is done
once; the same key with another body is refused with 422. Keys are forgotten after 24 hours."""

from __future__ import annotations

import functools
import hashlib
import json
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shop.api.models import KEY_LIFETIME, IdempotencyRecord

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x20-\x7e]{1,255}$"  # printable ASCII, as a UUID or any client's own scheme would be


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    # surrogatepass: a lone surrogate (JSON allows "\ud800") is fingerprinted too; validation refuses it later.
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode("utf-8", "surrogatepass")).hexdigest()


def is_replay(request) -> bool:
    """True when this request's Idempotency-Key already has a stored answer: replaying it creates nothing,
    so throttles let it through."""
    key = request.headers.get(HEADER)
    if not key or not request.user.is_authenticated:
        return False
    return IdempotencyRecord.objects.filter(
        user=request.user,
        key=key,
        response_status__isnull=False,
        created_at__gte=timezone.now() - KEY_LIFETIME,
    ).exists()


def idempotent(view_method):
    """Decorates a DRF view method. Requests without the header pass straight through."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(view, request, *args, **kwargs)
        if not re.fullmatch(KEY_PATTERN, key):
            raise ValidationError({HEADER: [_("Use 1 to 255 printable ASCII characters.")]})
        fingerprint = _fingerprint(request)
        now = timezone.now()
        with transaction.atomic():
            # The insert of a new key holds its unique index entry until commit, so a concurrent request
            # with the same key waits here and then replays this one's answer instead of doing the work.
            record, created = IdempotencyRecord.objects.select_for_update().get_or_create(
                user=request.user, key=key, defaults={"fingerprint": fingerprint, "created_at": now}
            )
            if not created and record.created_at < now - KEY_LIFETIME:
                record.fingerprint, record.created_at = fingerprint, now
                record.response_status = record.response_body = None
            elif not created:
                if record.fingerprint != fingerprint:
                    return Response(
                        {"detail": _("This Idempotency-Key was used with a different request.")},
                        status=status.HTTP_422_UNPROCESSABLE_ENTITY,
                    )
                if record.response_status is not None:
                    return Response(record.response_body, status=record.response_status)
            response = view_method(view, request, *args, **kwargs)
            if status.is_success(response.status_code):
                record.response_status, record.response_body = response.status_code, response.data
                record.save()
            else:
                transaction.set_rollback(True)  # a refused request is not remembered; it may be fixed and resent
            return response

    wrapper.idempotent = True  # the schema documents 422 for it
    return wrapper
