"""The admin's second factor (django-otp TOTP): a seller may turn it on, and from then on every sign-in needs the
authenticator's code; superusers must have one once SUPERUSER_OTP_REQUIRED is on, enrolled by an operator."""

import re
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.support.shop import run

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-passphrase"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or a step later: a code once accepted is never taken again)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in(username: str, otp_token: str = "") -> tuple[Client, int, str]:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD, "otp_token": otp_token}
    )
    return client, response.status_code, response.content.decode()


def test_a_seller_without_a_second_factor_signs_in_with_the_password(seller):
    client, status, _page = sign_in("seller")

    assert status == 302
    assert client.get("/admin/").status_code == 200
    assert "/admin/second-factor/" in client.get("/admin/").content.decode(), "the index links the page"


def test_a_seller_turns_it_on_and_then_every_sign_in_needs_the_code(seller, admin_client_as_seller):
    other_browser, status, _page = sign_in("seller")  # signed in before the second factor existed
    assert status == 302

    page = admin_client_as_seller.get("/admin/second-factor/").content.decode()
    assert "Set up" in page or "설정" in page
    admin_client_as_seller.post("/admin/second-factor/", {"action": "start"})
    page = admin_client_as_seller.get("/admin/second-factor/").content.decode()
    assert "<svg" in page, "a QR code to scan"
    key = re.search(r"<code>([A-Z2-7=]+)</code>", page).group(1)
    device = TOTPDevice.objects.get(user=seller)
    assert not device.confirmed

    wrong = admin_client_as_seller.post("/admin/second-factor/", {"action": "confirm", "otp_token": "000000"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(user=seller).confirmed
    time.sleep(1.1)  # one wrong code makes the device wait a second before the next
    confirmed = admin_client_as_seller.post("/admin/second-factor/", {"action": "confirm", "otp_token": code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and key.rstrip("=") in device.config_url
    assert admin_client_as_seller.get("/admin/").status_code == 200, "the session that gave the code stays in"
    assert other_browser.get("/admin/").status_code == 302, "a session without the code is sent to sign in"

    _client, status, page = sign_in("seller")
    assert status == 200 and "otp_token" in page, "the password alone is refused"
    client, status, _page = sign_in("seller", code(device, steps_ahead=1))
    assert status == 302 and client.get("/admin/").status_code == 200


def test_wrong_codes_slow_the_next_try_and_a_code_is_never_taken_twice(seller):
    run("second_factor", "seller")
    device = TOTPDevice.objects.get(user=seller, confirmed=True)

    _client, status, page = sign_in("seller", "123456" if code(device) != "123456" else "654321")
    assert status == 200
    _client, status, page = sign_in("seller", code(device))
    assert status == 200 and ("Too many wrong codes" in page or "잘못된 코드" in page), page

    time.sleep(1.1)
    _client, status, _page = sign_in("seller", code(device))
    assert status == 302
    _client, status, _page = sign_in("seller", code(device))
    assert status == 200, "the same code again is refused (replay)"


def test_superusers_must_have_one_when_the_setting_says_so(settings, django_user_model):
    settings.SUPERUSER_OTP_REQUIRED = True
    django_user_model.objects.create_superuser("operator", password=PASSWORD)

    _client, status, page = sign_in("operator")
    assert status == 200 and "manage.py second_factor operator" in page

    output = run("second_factor", "operator")
    device = TOTPDevice.objects.get(user__username="operator", confirmed=True)
    assert device.config_url in output and "key: " in output

    _client, status, _page = sign_in("operator")
    assert status == 200
    client, status, _page = sign_in("operator", code(device))
    assert status == 302 and client.get("/admin/").status_code == 200

    settings.SUPERUSER_OTP_REQUIRED = False
    run("second_factor", "operator", "--remove")
    client, status, _page = sign_in("operator")
    assert status == 302, "without the setting and the device, the password is enough again"


def api_token(username: str, otp_token: str | None = None):
    body = {"username": username, "password": PASSWORD}
    if otp_token is not None:
        body["otp_token"] = otp_token
    return APIClient().post("/api/auth/token/", body, format="json")


def test_an_api_token_takes_the_second_factor_too(settings, seller, django_user_model):
    """A staff token confirms deposits: whoever signs in to the admin with a code gets no token without it."""
    settings.SUPERUSER_OTP_REQUIRED = True
    django_user_model.objects.create_superuser("operator", password=PASSWORD)
    no_device = api_token("operator")
    assert no_device.status_code == 400 and "manage.py second_factor operator" in no_device.json()["otp_token"][0]
    run("second_factor", "seller")
    device = TOTPDevice.objects.get(user=seller)

    missing, wrong = api_token("seller"), api_token("seller", "000000")
    time.sleep(1.1)  # a wrong code makes the device cool off for a second
    right = api_token("seller", code(device))

    assert (missing.status_code, list(missing.json())) == (400, ["otp_token"])
    assert (wrong.status_code, list(wrong.json())) == (400, ["otp_token"])
    assert right.status_code == 200 and right.json()["token"]


def test_the_seller_turns_it_off_only_with_a_current_code(seller):
    run("second_factor", "seller")
    device = TOTPDevice.objects.get(user=seller)
    client, status, _page = sign_in("seller", code(device))
    assert status == 302

    refused = client.post("/admin/second-factor/", {"action": "remove", "otp_token": "not-a-code"})
    assert refused.status_code == 200 and TOTPDevice.objects.filter(user=seller).exists()
    time.sleep(1.1)
    removed = client.post("/admin/second-factor/", {"action": "remove", "otp_token": code(device, steps_ahead=1)})
    assert removed.status_code == 302 and not TOTPDevice.objects.filter(user=seller).exists()


def test_a_forgotten_account_loses_its_authenticator(seller):
    from accounts.services import account_forget

    run("second_factor", "seller")
    account_forget(user=seller)

    assert not TOTPDevice.objects.filter(user=seller).exists()


def test_the_command_refuses_unknown_and_customer_accounts(alice):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No admin user"):
        run("second_factor", "alice")
