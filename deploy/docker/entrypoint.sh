#!/usr/bin/env bash
# The image's entry point, under tini (PID 1, which passes every signal on and reaps orphans):
#
#   docker run IMAGE                  the `web` process type
#   docker run IMAGE <type> [args…]   that process type's line of the Procfile (web, worker, relay,
#                                     scheduler, and whatever line is added later), args appended
#   docker run IMAGE migrate          python manage.py migrate --noinput, then exits
#   docker run IMAGE <command> …      any other command, e.g. python manage.py createsuperuser
#
# The Procfile is read when the container starts, so a new line needs no change here. Each line runs as
# `make serve` runs it: `bash -c "<line>"` from the project root with the venv first on PATH. bash execs a
# line that is one simple command, so the process itself is tini's child and gets SIGTERM/SIGHUP directly.
# All configuration comes from the environment (docs/operations.md, "Settings").
set -euo pipefail
cd /app

type=${1:-web}
(($#)) && shift

if [[ $type =~ ^[A-Za-z0-9_-]+$ ]]; then
    line=$(sed -nE "s/^${type}:[[:space:]]*(.+)\$/\\1/p" Procfile | head -n1)
    if [[ -n $line ]]; then
        for argument in "$@"; do
            line+=" $(printf '%q' "$argument")"
        done
        exec bash -c "$line"
    fi
fi

if [[ $type == migrate ]]; then
    exec python manage.py migrate --noinput "$@"
fi

if ! command -v "$type" >/dev/null; then
    types=$(sed -nE 's/^([A-Za-z0-9_-]+):.*/\1/p' Procfile | tr '\n' ' ')
    echo "$type: neither a process type of the Procfile (${types% }), nor migrate, nor a command" >&2
    exit 127
fi
exec "$type" "$@"
