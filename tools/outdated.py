"""Which pins have newer releases: `make outdated`. For every `name==version` of the requirements files, the
newest patch release of its series (same major.minor) and the newest release, as pip's own index lists them
(`pip index versions`; no vulnerability database needed). A report, never a verdict: it always exits 0, so an
upstream release cannot turn the build red. Bring security fixes in by moving to the newest patch release."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
FILES = ["requirements.txt", "requirements-dev.txt", "requirements-checkov.txt"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def pins() -> dict[str, str]:
    found = {}
    for name in FILES:
        for line in (ROOT / name).read_text().splitlines():
            if match := PIN.match(line.strip()):
                found[match[1]] = match[2]
    return found


def available(package: str) -> list[Version]:
    result = subprocess.run(  # noqa: S603 - this interpreter's own pip
        [sys.executable, "-m", "pip", "index", "versions", package],
        capture_output=True,
        text=True,
        timeout=120,
    )
    listed = re.search(r"Available versions: (.+)", result.stdout)
    versions = []
    for text in (listed[1].split(", ") if listed else []):
        try:
            versions.append(Version(text))
        except InvalidVersion:
            continue
    return sorted(v for v in versions if not v.is_prerelease)


def row(package: str, pinned: str) -> tuple[str, str, str, str]:
    versions = available(package)
    if not versions:
        return package, pinned, "?", "? (the index did not answer)"
    current = Version(pinned)
    series = [v for v in versions if v.release[:2] == current.release[:2]]
    newest_patch = max(series) if series else current
    return package, pinned, str(newest_patch), str(versions[-1])


def main() -> int:
    with ThreadPoolExecutor(max_workers=8) as pool:
        rows = list(pool.map(lambda item: row(*item), sorted(pins().items(), key=lambda i: i[0].lower())))
    print(f"{'package':<28} {'pinned':<14} {'newest patch':<14} newest")
    behind = 0
    for package, pinned, patch, newest in rows:
        mark = " <- a newer patch release" if patch not in {pinned, "?"} else ""
        behind += bool(mark)
        print(f"{package:<28} {pinned:<14} {patch:<14} {newest}{mark}")
    print(f"{behind} of {len(rows)} pins are behind the newest patch release of their series")
    return 0


if __name__ == "__main__":
    sys.exit(main())
