"""`make serve` installs requirements.txt only: everything the production processes import must come from
it (with its extras), not from the test requirements that happen to share the virtualenv."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def runtime_distributions() -> set[str]:
    """requirements.txt and everything it pulls in, extras included, by the installed metadata."""
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    pending = [Requirement(line) for line in lines if line]
    extras_of: dict[str, set[str]] = {}
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in extras_of and set(requirement.extras) <= extras_of[name]:
            continue
        extras = extras_of.setdefault(name, set())
        extras |= requirement.extras
        for spec in metadata.distribution(requirement.name).requires or []:
            dependency = Requirement(spec)
            marker = dependency.marker
            if marker is None or any(marker.evaluate({"extra": extra}) for extra in extras or {""}):
                pending.append(dependency)
    return set(extras_of)


def test_the_production_processes_need_nothing_outside_requirements_txt():
    runtime = runtime_distributions()
    blocked = sorted(
        module
        for module, distributions in metadata.packages_distributions().items()
        if not any(canonicalize_name(distribution) in runtime for distribution in distributions)
    )
    assert "pytest" in blocked and "django" not in blocked
    env = {
        **os.environ,
        "SHOP_PROBE_BLOCKED": json.dumps(blocked),
        "DJANGO_SETTINGS_MODULE": "shop.settings",
        "SECRET_KEY": "requirements-probe-not-a-secret-but-long-enough-for-the-production-rule",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/unused",  # never connected to
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "PYTHONPATH": str(ROOT),
    }

    probe = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("runtime_probe.py"))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert probe.returncode == 0, probe.stderr[-3000:]
    assert probe.stdout.strip().endswith("loaded")
