#!/usr/bin/env bash
# Builds the container images of the five HiSS-Cube services from their packaged fast-jars.
#
#   mvn -B package -DskipTests          # first: builds <service>/target/quarkus-app/
#   scripts/build-images.sh [tag]       # tag defaults to 0.1.0
#
# HISSCUBE_IMAGE_PREFIX sets the registry/repository prefix (default "hisscube/"), e.g.
#   HISSCUBE_IMAGE_PREFIX=registry.example.org/hisscube/ scripts/build-images.sh 0.1.0
# gives registry.example.org/hisscube/fetcher-service:0.1.0 and so on. Push them with `docker push`.
set -euo pipefail

tag="${1:-0.1.0}"
prefix="${HISSCUBE_IMAGE_PREFIX:-hisscube/}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

services=(fetcher-service cube-service feature-service trainer-service metrics-service)

for service in "${services[@]}"; do
    if [[ ! -f "$root/$service/target/quarkus-app/quarkus-run.jar" ]]; then
        echo "build-images: $service/target/quarkus-app/quarkus-run.jar is missing; run 'mvn -B package -DskipTests' first" >&2
        exit 1
    fi
done

for service in "${services[@]}"; do
    image="${prefix}${service}:${tag}"
    echo "build-images: building $image" >&2
    docker build -f "$root/$service/src/main/docker/Dockerfile.jvm" -t "$image" "$root/$service"
done

echo "build-images: built ${#services[@]} images with tag $tag" >&2
