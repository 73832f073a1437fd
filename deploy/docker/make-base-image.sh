#!/usr/bin/env bash
# Makes a Debian 12 (bookworm) base image without any registry: debootstrap (minbase) from a Debian mirror,
# then `docker import`. For machines that reach Debian's mirrors but not Docker Hub; the Dockerfiles take
# the result as BASE_IMAGE. Reuses the image when the tag exists already (FORCE=1 makes it anew).
#
#   deploy/docker/make-base-image.sh [TAG]        # default shop-base:bookworm
#   DEBIAN_MIRROR=http://mirror.example/debian deploy/docker/make-base-image.sh
#
# The mirror defaults to the first Debian mirror this machine's apt uses, else deb.debian.org, over plain
# HTTP: apt checks every package against the signed Release file, so HTTP needs no CA (the image has none).
set -euo pipefail

tag=${1:-shop-base:bookworm}
if [[ -z ${FORCE:-} ]] && docker image inspect "$tag" >/dev/null 2>&1; then
    echo "$tag exists already"
    exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }

host_mirror() {
    # The URI of the first deb822 or one-line source of Debian's main archive (not the security one).
    grep -hoE '(https?://[^ ]+/debian)/?( |$)' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
        | grep -v -- '-security' | head -n1 | tr -d ' ' | sed 's#/$##'
}
mirror=${DEBIAN_MIRROR:-$(host_mirror || true)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-${mirror%/debian}/debian-security}

work=$(mktemp -d /var/tmp/shop-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }

cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES
# As Docker's debian:*-slim images do: no docs, man pages or foreign locales from later installs, no
# recommended packages, no apt caches left in layers.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
SLIM
cat >"$rootfs/etc/apt/apt.conf.d/docker-slim" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
APT
# Services never start while an image is built.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 755 "$rootfs/usr/sbin/policy-rc.d"
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/log/* "$rootfs"/usr/share/doc/*/changelog* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
: >"$rootfs/etc/machine-id"

tar --numeric-owner -C "$rootfs" -c . \
    | docker import \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["bash"]' \
        --message "debootstrap --variant=minbase bookworm $mirror" \
        - "$tag" >/dev/null
echo "$tag: $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')"
