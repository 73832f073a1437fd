"""The shop's settings, with the reference endpoints of bench/events.py mounted beside the shop's own."""

from shop.settings import *  # noqa: F403

ROOT_URLCONF = "bench.reference.urls"
