# One image for every process type of the Procfile (SPEC.md "Deployment"):
#   docker run IMAGE [web|worker|relay|scheduler|migrate|<command>…]   (deploy/docker/entrypoint.sh)
#
#   docker build -t shop .                                              # a machine that reaches Docker Hub
#   deploy/docker/build.sh                                              # or anywhere: base image, CA, args
#
# Builds with BuildKit and with the classic builder alike (Debian's docker.io and docker-compose v1 have
# only the latter), so it uses no `RUN --mount`: extra CA certificates come from deploy/docker/ca/ in the
# build context instead of a BuildKit secret, and only the build stage ever sees them.

# Any Debian 12 (bookworm) image: python:3.11-slim-bookworm by default, or one made without a registry by
# deploy/docker/make-base-image.sh (debootstrap minbase, which has no Python). Whatever the base, the image
# runs CPython 3.11, which the requirements are pinned for: the base's own python3 when it has one (the
# official image's, so nothing is installed twice), Debian's python3 (3.11) otherwise. Both stages start
# from the same `base`, so the venv built in one finds its interpreter at the same path in the other.
ARG BASE_IMAGE=python:3.11-slim-bookworm

# checkov:skip=CKV_DOCKER_7:the base is a build argument; its default names a fixed Debian 12 release
FROM ${BASE_IMAGE} AS base
# A Debian mirror to use instead of the base's own (e.g. http://mirror.example/debian). Plain HTTP is fine:
# apt checks every package against the signed Release file, so apt needs no CA certificate.
ARG APT_MIRROR=
ENV LANG=C.UTF-8 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    STATIC_ROOT=/app/staticfiles
RUN set -eux; \
    if [ -n "$APT_MIRROR" ]; then \
        sed -i "s#http://deb.debian.org/debian#${APT_MIRROR}#g" \
            $(ls /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null); \
    fi; \
    packages=tini; \
    command -v python3 >/dev/null || packages="$packages python3"; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; \
    python3 -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version'

# ---- build: the venv, compiled translations, static files ------------------------------------------------
FROM base AS build
# Where pip takes the pinned packages from; PIP_EXTRA_INDEX_URL / PIP_TRUSTED_HOST for a private mirror.
ARG PIP_INDEX_URL=https://pypi.org/simple
ARG PIP_EXTRA_INDEX_URL=
ARG PIP_TRUSTED_HOST=
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DEFAULT_TIMEOUT=120
# gettext for compilemessages (build stage only); python3-venv where the interpreter came from Debian.
RUN set -eux; \
    packages=gettext; \
    python3 -c 'import ensurepip' 2>/dev/null || packages="$packages python3-venv"; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; \
    python3 -m venv /opt/venv
# Extra CA certificates (PEM, *.crt or *.pem) for a TLS-inspecting proxy between pip and the index: a file or
# folder of the build context (deploy/docker/build.sh puts this machine's bundle in deploy/docker/ca/, which
# git ignores), trusted on top of pip's own bundle, in this stage only. The final image has none of them: the
# runtime opens no outbound TLS connection (PostgreSQL and Redis are reached inside the deployment; one
# reached over TLS with a private CA would have that CA mounted at run time, not baked in).
ARG EXTRA_CA_CERTS=deploy/docker/ca/
COPY ${EXTRA_CA_CERTS} /tmp/extra-ca/
RUN set -eux; \
    extra=$(find /tmp/extra-ca -type f \( -name '*.crt' -o -name '*.pem' \)); \
    if [ -n "$extra" ]; then \
        cat "$(/opt/venv/bin/python -c 'import pip._vendor.certifi as c; print(c.where())')" $extra \
            > /opt/build-ca.pem; \
    fi
# The requirements before the code: this layer, the slow one, survives every change to the code. pip and
# setuptools leave the venv afterwards: nothing runs them at run time, and nothing installs at run time.
COPY requirements.txt /tmp/requirements.txt
RUN set -eux; \
    if [ -f /opt/build-ca.pem ]; then export PIP_CERT=/opt/build-ca.pem; fi; \
    /opt/venv/bin/pip install --no-compile -r /tmp/requirements.txt; \
    /opt/venv/bin/python -m pip uninstall --yes --quiet pip setuptools; \
    /opt/venv/bin/python -m compileall -q -j 0 /opt/venv/lib; \
    rm -f /opt/build-ca.pem
COPY . /app
WORKDIR /app
# Translations and static files at build time, with a throwaway SECRET_KEY that exists only in this RUN (the
# settings refuse to load without one when DEBUG is off); the real one comes from the environment at run time.
RUN set -eux; \
    rm -rf deploy/docker/ca "/app/${EXTRA_CA_CERTS}"; \
    chmod 0755 deploy/docker/entrypoint.sh; \
    export SECRET_KEY=build-only-throwaway-not-a-secret-but-long-enough-for-the-rule DEBUG=off DJANGO_SETTINGS_MODULE=shop.settings; \
    /opt/venv/bin/python manage.py compilemessages --ignore 'deploy/*'; \
    static_root=$(/opt/venv/bin/python -c 'import django; django.setup(); from django.conf import settings; print(settings.STATIC_ROOT or "")'); \
    if [ -n "$static_root" ]; then \
        /opt/venv/bin/python manage.py collectstatic --noinput; \
    else \
        echo "STATIC_ROOT is not set: no collectstatic; whitenoise serves the apps' static files (WHITENOISE_USE_FINDERS)"; \
    fi; \
    /opt/venv/bin/python -m compileall -q -j 0 /app

# ---- runtime -------------------------------------------------------------------------------------------------
FROM base AS runtime
# A fixed uid/gid (deploy/k8s runs the pods as 10001:10001); it owns nothing in the image: the code and the
# venv stay read-only to it, so the root filesystem may be mounted read-only. HOME=/tmp for libraries that
# want one.
RUN groupadd --gid 10001 shop \
    && useradd --uid 10001 --gid 10001 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin shop
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    HOME=/tmp \
    PORT=8000
USER 10001:10001
EXPOSE 8000
# Liveness of whatever process type the container runs (web: GET /healthz); see deploy/docker/healthcheck.py.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/deploy/docker/healthcheck.py"]
# tini is PID 1: it passes SIGTERM/SIGHUP/SIGINT on to the process (gunicorn, Celery, the loops) and reaps
# orphans; the entry point execs the Procfile line, so the process is tini's only child.
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deploy/docker/entrypoint.sh"]
CMD ["web"]
