"""What the seller sees: headless Chromium screenshots of the admin's money-loop screens, in Korean, at 1400 px.

    .venv/bin/python tools/admin_screenshots.py [--out DIR]     (default: shop-screenshots in the temp dir)

It builds a scratch SQLite shop in DIR (the demo data, six orders in every state of the money loop: paid by a bank
statement's line, waiting lines, a canceled order, a refund due, a deadline near), renders each page as the demo
seller through Django's test client, and has Chromium draw it against a development server for the static files.
Needs Debian's `chromium` and `fonts-noto-cjk` (for the Korean glyphs): apt-get install chromium fonts-noto-cjk.
Look at the pictures as a shop owner would; tests/shop/test_admin.py holds that every page opens.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def the_money_loop() -> dict[str, str]:
    """Demo orders in every state; returns the admin's address of each page."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework.test import APIClient

    from accounts.services import token_issue
    from deposits.models import Deposit
    from payments.models import Payment
    from products.models import Product

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    users = get_user_model().objects
    customer, seller = APIClient(), APIClient()
    customer.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=users.get(username='alice'))}")
    seller.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=users.get(username='seller'))}")
    products = list(Product.objects.order_by("pk")[:3])
    ids = []
    for n, name in enumerate(["김앨리스", "홍길동", "이영희", "박철수", "최민지", "정하늘"]):
        body = {
            "items": [{"product_id": products[n % 3].pk, "quantity": 1 + n % 2}],
            "shipping_address": "서울시 중구 세종대로 110",
            "depositor_name": name,
        }
        ids.append(customer.post("/api/orders/", body, format="json").json()["id"])
    Payment.objects.filter(order_id=ids[5]).update(deposit_due_at=timezone.now() + timedelta(hours=3))
    lines = [
        ("20261202-0001", "10:15", "김앨리스", Payment.objects.get(order_id=ids[0]).amount),  # matched
        ("20261202-0002", "11:02", "홍길동 엄마", Payment.objects.get(order_id=ids[1]).amount),  # no candidate
        ("20261202-0003", "11:30", "이영희", 1234),  # amount mismatch
    ]
    for transaction_id, at, name, amount in lines:
        line = {"transaction_id": transaction_id, "deposited_at": f"2026-12-02T{at}:00+09:00"}
        seller.post("/api/deposits/", {**line, "depositor_name": name, "amount": amount}, format="json")
    customer.post(f"/api/orders/{ids[2]}/cancel/")
    Product.objects.filter(pk=products[0].pk).update(stock=0)
    seller.post(f"/api/payments/{ids[3]}/confirm/")  # short: canceled, a refund due
    waiting = Deposit.objects.filter(status="unmatched").order_by("pk").first()
    return {
        "index": "/admin/",
        "orders": "/admin/orders/order/",
        "order": f"/admin/orders/order/{ids[0]}/change/",
        "history": f"/admin/orders/order/{ids[0]}/history/",
        "payments": "/admin/payments/payment/",
        "deposits": "/admin/deposits/deposit/",
        "match": f"/admin/deposits/deposit/{waiting.pk}/match/",
        "upload": "/admin/deposits/deposit/upload/",
        "refunds": "/admin/payments/refund/",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = Path(tempfile.gettempdir()) / "shop-screenshots"
    parser.add_argument("--out", type=Path, default=default, help=f"default {default}")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("needs chromium: apt-get install chromium fonts-noto-cjk")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "db.sqlite3").unlink(missing_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{args.out / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "THROTTLE_RATES": "off",
        "DJANGO_SETTINGS_MODULE": "shop.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    pages = the_money_loop()
    browser = Client()
    browser.force_login(get_user_model().objects.get(username="seller"))
    server = subprocess.Popen(  # noqa: S603 (this interpreter, manage.py): the admin's CSS for Chromium
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        for name, path in pages.items():
            html = browser.get(path, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
            html = html.replace("<head>", f'<head><base href="http://127.0.0.1:{port}/">', 1)
            page = args.out / f"{name}.html"
            page.write_text(html)
            picture = args.out / f"{name}.png"
            subprocess.run(  # noqa: S603 (chromium from PATH, a file this script wrote)
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--screenshot={picture}", "--window-size=1400,900", page.as_uri()],
                capture_output=True,
                timeout=60,
                check=False,
            )  # fmt: skip
            print(picture if picture.exists() else f"{name}: no picture")
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
