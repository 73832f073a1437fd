"""The admin's second factor: a TOTP authenticator app (django-otp), one per seller.

A seller may enrol one (the admin's "2단계 인증" page); whoever has one must give its code at every sign-in.
Superusers must have one when SUPERUSER_OTP_REQUIRED is on; they cannot enrol through the web before their
first sign-in (that would let a stolen password enrol the thief's phone), so an operator enrols them with
`manage.py second_factor USERNAME`, which also resets a lost phone.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


class SecondFactorRefused(Exception):
    """The code is wrong, or the device is cooling off after wrong codes; the message says which."""


def device_of(user) -> TOTPDevice | None:
    """The user's enrolled (confirmed) authenticator, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def required_for(user) -> bool:
    """Whether this user signs in to the admin only with a second factor."""
    if user.is_superuser and settings.SUPERUSER_OTP_REQUIRED:
        return True
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def check_at_sign_in(user, token: str) -> TOTPDevice:
    """The second factor of a user who must give one (`required_for`), at the admin's door and the API's:
    their device, once `token` is its code. SecondFactorRefused when the code is missing, wrong or cooling
    off, and for a superuser who has no device yet (only an operator enrols one)."""
    device = device_of(user)
    if device is None:
        raise SecondFactorRefused(
            _(
                "A superuser signs in with a second factor. An operator sets one up with "
                "`manage.py second_factor %(username)s`."
            )
            % {"username": user.get_username()}
        )
    verify(device, token)
    return device


def verify(device: TOTPDevice, token: str) -> None:
    """Checks one code against the device, counting a wrong one toward the device's cooling-off (a missing one
    does not count: the seller forgot the field)."""
    token = (token or "").replace(" ", "")
    if not token:
        raise SecondFactorRefused(_("Enter the 6-digit code your authenticator app shows."))
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        raise SecondFactorRefused(
            _("Too many wrong codes: wait a little and try again (%(failures)d so far).")
            % {"failures": extra.get("failure_count", 0)}
        )
    if not device.verify_token(token):
        raise SecondFactorRefused(_("This code is not right. Enter the 6 digits your authenticator app shows now."))


@transaction.atomic
def enrolment_start(user) -> TOTPDevice:
    """A new secret for the user's authenticator app, unconfirmed until a code from it is checked; any earlier
    unfinished enrolment is replaced. An enrolled device keeps working until the new one is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def enrolment_pending(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def enrolment_confirm(user, token: str) -> TOTPDevice:
    """Confirms the pending enrolment with a code from the app; the new device replaces any older one."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise SecondFactorRefused(_("There is no enrolment to confirm: start again."))
    verify(device, token)
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def operator_enrol(user) -> TOTPDevice:
    """The operator's enrolment, confirmed at once (the key is handed over in person); it replaces any other."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def secret_of(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it typed in (base32)."""
    return base64.b32encode(device.bin_key).decode()


@transaction.atomic
def second_factor_remove(user) -> int:
    """Removes every authenticator of the user (a lost phone); returns how many."""
    removed, _per_model = TOTPDevice.objects.filter(user=user).delete()
    return removed


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code, for the authenticator app's camera."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")
