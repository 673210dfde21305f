#!/usr/bin/env bash
# Builds modeconn's container images with no Docker daemon and no registry:
#   localhost/modeconn-base:0.1.0      Debian bookworm + Java 17 runtime and DejaVu fonts (the reporter draws PNG charts),
#                                      from Debian packages (debootstrap), user 10001
#   localhost/modeconn-<service>:0.1.0 each service's Quarkus fast-jar on the base (buildah, Containerfile)
#   localhost/modeconn-local-stack:0.1.0 the local stack (Kafka broker + S3 server) on the base (Containerfile.local-stack)
# The base is built once and kept in the image store (rebuild with --rebuild-base). Run from anywhere
# after `./mvnw package` (the fast-jars under */target/quarkus-app, infra/local-stack/target/image).
# Needs root, debootstrap, buildah, podman.
# Usage: infra/images/build.sh [--rebuild-base] [IMAGE...]   (trainer interpolator evaluator reporter local-stack; default: all)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CONTAINERS_CONF="$root/infra/images/containers.conf"
version=0.1.0
base="localhost/modeconn-base:$version"

rebuild=false
if [ "${1:-}" = "--rebuild-base" ]; then rebuild=true; shift; fi
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(trainer interpolator evaluator reporter local-stack)

for tool in debootstrap buildah podman; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing (apt-get install debootstrap buildah podman runc)" >&2; exit 2; }
done

if $rebuild || ! podman image exists "$base"; then
  # The machine's own Debian mirror (the only one reachable here); deb.debian.org elsewhere.
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs=$(mktemp -d /var/tmp/modeconn-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  echo "build.sh: debootstrap bookworm from $mirror (about 2 minutes)..." >&2
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,fonts-dejavu-core,ca-certificates bookworm "$rootfs" "$mirror" >/dev/null
  chroot "$rootfs" groupadd --gid 10001 modeconn
  chroot "$rootfs" useradd --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin modeconn
  mkdir -p "$rootfs/app" "$rootfs/cache" && chown 10001:10001 "$rootfs/app" "$rootfs/cache"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
         "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" --numeric-owner -c . | podman import \
      --change 'ENV LANG=C.UTF-8' --change 'USER 10001:10001' --change 'WORKDIR /app' \
      --change 'CMD ["java", "-version"]' - "$base" >/dev/null
  echo "build.sh: $base ($(podman image inspect "$base" --format '{{.Size}}') bytes)" >&2
fi

for s in "${services[@]}"; do
  if [ "$s" = local-stack ]; then
    needed="$root/infra/local-stack/target/image/lib" containerfile="$root/infra/images/Containerfile.local-stack"
  else
    needed="$root/$s-service/target/quarkus-app/quarkus-run.jar" containerfile="$root/infra/images/Containerfile"
  fi
  [ -e "$needed" ] || { echo "build.sh: $needed is missing: run ./mvnw package first" >&2; exit 2; }
  buildah bud --quiet --pull=never --layers --build-arg BASE="$base" --build-arg SERVICE="$s-service" \
      -f "$containerfile" -t "localhost/modeconn-$s:$version" "$root" >/dev/null
  echo "build.sh: localhost/modeconn-$s:$version" >&2
done
