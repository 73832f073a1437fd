#!/usr/bin/env bash
# Builds the images of compose.yaml on any machine with a Docker engine, Docker Hub or not:
#   $SHOP_IMAGE (default shop:latest)  the project's Dockerfile: every process type
#   shop-postgres:15, shop-redis:7,    PostgreSQL, Redis and the haproxy gateway from Debian's packages
#   shop-haproxy:2.6                   (deploy/docker/*/)
#
#   deploy/docker/build.sh             then: docker compose up   (or docker-compose up, where only v1 exists)
#
# Environment:
#   BASE_IMAGE       the Debian 12 image to build on. Unset: python:3.11-slim-bookworm if it is here or can be
#                    pulled, else (no Docker Hub) shop-base:bookworm, made by make-base-image.sh if missing.
#   EXTRA_CA_BUNDLE  a PEM bundle pip must trust in the build stage (a TLS-inspecting proxy's CA); default this
#                    machine's /etc/ssl/certs/ca-certificates.crt; empty: none. Never in the final image.
#   PIP_INDEX_URL, APT_MIRROR   passed on as build args when set.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ -z ${BASE_IMAGE:-} ]]; then
    if docker image inspect python:3.11-slim-bookworm >/dev/null 2>&1 \
        || timeout 120 docker pull -q python:3.11-slim-bookworm >/dev/null 2>&1; then
        BASE_IMAGE=python:3.11-slim-bookworm
        SERVICE_BASE=debian:bookworm-slim
    else
        echo "Docker Hub unreachable: building on a debootstrapped Debian 12"
        BASE_IMAGE=shop-base:bookworm
        deploy/docker/make-base-image.sh "$BASE_IMAGE"
    fi
fi
SERVICE_BASE=${SERVICE_BASE:-$BASE_IMAGE}

bundle=${EXTRA_CA_BUNDLE-/etc/ssl/certs/ca-certificates.crt}
rm -f deploy/docker/ca/*.crt deploy/docker/ca/*.pem
if [[ -n $bundle && -f $bundle ]]; then
    cp "$bundle" deploy/docker/ca/build-extra.crt
fi

args=()
[[ -n ${PIP_INDEX_URL:-} ]] && args+=(--build-arg "PIP_INDEX_URL=$PIP_INDEX_URL")
[[ -n ${APT_MIRROR:-} ]] && args+=(--build-arg "APT_MIRROR=$APT_MIRROR")

# The classic builder where docker's BuildKit needs a buildx plugin that is not installed (Debian's docker.io
# with a newer CLI); the Dockerfiles need nothing that only BuildKit has.
if [[ -z ${DOCKER_BUILDKIT:-} ]] && ! docker buildx version >/dev/null 2>&1; then
    export DOCKER_BUILDKIT=0
fi

log=$(mktemp /tmp/shop-build.XXXXXX.log)
build() { # TAG BASE CONTEXT [docker build options…]
    local tag=$1 base=$2 context=$3 started=$SECONDS
    shift 3
    if ! docker build --tag "$tag" --build-arg "BASE_IMAGE=$base" "${args[@]}" "$@" "$context" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "building $tag failed; the whole log: $log" >&2
        exit 1
    fi
    echo "built $tag on $base in $((SECONDS - started)) s"
}
# The stack's secrets, made once: compose reads .env beside compose.yaml (git ignores it).
if [[ ! -e .env ]]; then
    umask 077
    printf 'SECRET_KEY=%s\nPOSTGRES_PASSWORD=%s\n' "$(openssl rand -hex 32)" "$(openssl rand -hex 24)" > .env
    echo "wrote .env: a random SECRET_KEY and POSTGRES_PASSWORD for compose.yaml"
fi
build "${SHOP_IMAGE:-shop:latest}" "$BASE_IMAGE" .
build shop-postgres:15 "$SERVICE_BASE" deploy/docker/postgres
build shop-redis:7 "$SERVICE_BASE" deploy/docker/redis
build shop-haproxy:2.6 "$SERVICE_BASE" . --file deploy/docker/haproxy/Dockerfile
rm -f "$log"
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' "${SHOP_IMAGE:-shop:latest}"
