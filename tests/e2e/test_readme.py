"""The README's client session, run as written: its curl commands against a real web process on a fresh
database with the demo data. A step that answers an error fails the test, so the docs cannot drift."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from orders.models import Order
from orderview.models import OrderStatusView
from tests.support.stack import ROOT

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.runtime,
    # The README names orders and products 1, 2, 3: ids as on a fresh `make run`.
    pytest.mark.django_db(transaction=True, reset_sequences=True),
    pytest.mark.skipif(shutil.which("curl") is None and not os.environ.get("CI"), reason="needs curl"),
]

# Every curl of the session fails the script on an error status, and any failing command stops it.
PRELUDE = """set -euo pipefail
curl() { command curl --fail-with-body --show-error "$@"; echo; }
"""


def readme_session() -> str:
    """Every `sh` block of the README's client session, in order."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## The whole story with curl", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    assert blocks, "the README shows a client session"
    return "\n".join(blocks)


@pytest.fixture
def web(stacks):
    """The Procfile's web process on the test database, without Redis: events are handled in-process."""
    stack = stacks()
    stack.web()
    return stack


def test_the_readme_client_session_works_as_written(web):
    # As `make run` does, and in a process of the web's settings, which hash the demo passwords as it checks them.
    web.run("DEBUG=1 python manage.py seed_demo", timeout=60)
    session = readme_session()
    assert "B=http://127.0.0.1:8000" in session
    script = PRELUDE + session.replace("B=http://127.0.0.1:8000", f"B=http://127.0.0.1:{web.port}")

    bash = shutil.which("bash")
    result = subprocess.run([bash, "-c", script], capture_output=True, text=True, timeout=120, env=web.env)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    first, second, third = Order.objects.order_by("pk")
    assert (first.pk, first.status, first.total) == (1, Order.Status.CLOSED, 82000)  # as the README shows
    assert (second.pk, second.status) == (2, Order.Status.CANCELED)
    assert (third.pk, third.status, third.total) == (3, Order.Status.SHIPPING, 18000)  # paid by the bank's line
    rows = OrderStatusView.objects.order_by("order_id").values_list("status", "refund_status")
    assert list(rows) == [("closed", None), ("canceled", "paid"), ("shipping", None)]
    assert '"status_label":"Shipping"' in result.stdout  # step 4 asks in English
    assert '"actor":{"kind":"staff","user_id":1,"username":"seller"}' in result.stdout  # the audit history
