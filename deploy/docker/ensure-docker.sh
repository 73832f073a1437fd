#!/usr/bin/env bash
# Makes a Docker engine answer here, for tests/e2e/test_image.py and for people. On Debian 12 as root it
# installs what is missing from Debian's packages (docker.io; docker-compose, which is compose v1: bookworm
# has no compose v2 plugin; debootstrap, for make-base-image.sh) and starts dockerd when none answers.
# Prints `started dockerd <pid>` when it started one (the caller may stop it again); exit 1 when no engine
# could be had, with the reason on standard error.
set -euo pipefail

root() { [[ $EUID -eq 0 ]] || { echo "$1, and only root may change that here" >&2; exit 1; }; }

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then
    missing+=(docker-compose)
fi
command -v debootstrap >/dev/null || missing+=(debootstrap)
if ((${#missing[@]})); then
    root "missing: ${missing[*]}"
    command -v apt-get >/dev/null || { echo "missing: ${missing[*]}, and no apt-get" >&2; exit 1; }
    echo "installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

docker info >/dev/null 2>&1 && exit 0

root "no Docker engine answers"
log=${DOCKERD_LOG:-/var/log/dockerd.log}
setsid dockerd >>"$log" 2>&1 </dev/null &
pid=$!
for _ in $(seq 120); do
    if docker info >/dev/null 2>&1; then
        echo "started dockerd $pid"
        exit 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
done
echo "dockerd did not come up; the end of $log:" >&2
tail -n 20 "$log" >&2
exit 1
