#!/usr/bin/env bash
# Builds the two Go programs of the production path from their pinned upstream sources (Go and the Go module proxy):
#   target/otelcol/otelcol-tracing-demo   deploy/collector: the collector distribution (contrib components, 0.123.0)
#   target/jaeger/jaeger                  deploy/jaeger/build: Jaeger v2.5.0 (module version v1.68.0)
# go.mod and go.sum of both modules are in the repository; modules land in Go's module cache (GOMODCACHE).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null 2>&1; then
	echo "build-prod-path.sh needs Go 1.24 or newer on the PATH (https://go.dev/dl/)." >&2
	exit 1
fi
mkdir -p target/otelcol target/jaeger
started=$SECONDS
(cd deploy/collector && go build -trimpath -ldflags=-s -o ../../target/otelcol/otelcol-tracing-demo .)
echo "collector: target/otelcol/otelcol-tracing-demo ($(target/otelcol/otelcol-tracing-demo --version)) in $((SECONDS - started)) s"
started=$SECONDS
# Jaeger's release v2.N.P is its module version v1.(N+63).P; its own build stamps the release into `jaeger version`.
module_version=$(sed -n 's|^\s*github.com/jaegertracing/jaeger v1\.\([0-9]*\)\.\([0-9]*\).*|\1 \2|p' deploy/jaeger/build/go.mod)
read -r minor patch <<<"$module_version"
release="v2.$((minor - 63)).$patch"
(cd deploy/jaeger/build && go build -trimpath \
	-ldflags="-s -X github.com/jaegertracing/jaeger/internal/version.latestVersion=$release" \
	-o ../../../target/jaeger/jaeger github.com/jaegertracing/jaeger/cmd/jaeger)
echo "jaeger: target/jaeger/jaeger (Jaeger $release) in $((SECONDS - started)) s"
