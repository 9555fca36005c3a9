#!/usr/bin/env bash
# Bounded soak: the starter under continuous load for a minute (SOAK_DURATION), exporting with default settings to
# a real trace-viewer on free loopback ports. Prints one SOAK line and fails if a span was dropped or the heap grew.
#   scripts/soak.sh            # 60 s, 8 client threads
#   SOAK_DURATION=PT30S SOAK_CLIENTS=4 scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."

viewer_jar=$(ls trace-viewer/target/trace-viewer-*.jar 2>/dev/null | grep -v -- '-exec\|original' | head -1 || true)
if [ -z "$viewer_jar" ]; then
	./mvnw -B -q -pl trace-viewer -am -DskipTests package
	viewer_jar=$(ls trace-viewer/target/trace-viewer-*.jar | grep -v -- '-exec\|original' | head -1)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ui_port=$(free_port); http_port=$(free_port); grpc_port=$(free_port)
log=$(mktemp -t soak-viewer.XXXXXX.log)
java -jar "$viewer_jar" --server.port="$ui_port" --viewer.otlp.http-port="$http_port" \
	--viewer.otlp.grpc-port="$grpc_port" >"$log" 2>&1 &
viewer=$!
trap 'kill "$viewer" 2>/dev/null || true; wait "$viewer" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
	curl -fs "http://127.0.0.1:$ui_port/api/services" >/dev/null 2>&1 && break
	sleep 1
done
curl -fs "http://127.0.0.1:$ui_port/api/services" >/dev/null || { echo "trace-viewer did not start:"; tail -20 "$log"; exit 1; }

./mvnw -B -q -pl tracing-spring-boot-autoconfigure test -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false \
	-Dtracing.excludedGroups=none -Dsoak.otlp.endpoint="http://127.0.0.1:$http_port" \
	-Dsoak.duration="${SOAK_DURATION:-PT60S}" -Dsoak.clients="${SOAK_CLIENTS:-8}"
cat tracing-spring-boot-autoconfigure/target/soak-result.txt
