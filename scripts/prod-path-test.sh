#!/usr/bin/env bash
# The production path, run for real without Docker, on 127.0.0.1:
#
#   payment-service --> user-service --JDBC--> PostgreSQL (Debian's package, a throwaway cluster)
#          |  \--> payment provider (stub)
#          v OTLP/gRPC
#   OpenTelemetry Collector (deploy/collector, running deploy/otel-collector/config.yaml itself)
#          |--otlp/jaeger--> Jaeger v2 (deploy/jaeger/build, running deploy/jaeger/config.yaml: in-memory store)
#          \--otlp/tempo---> the trace viewer, standing in for Grafana Tempo (not built here: its licence)
#
# Sends ok, declined and slow payments and a burst of fast OK ones, then checks through Jaeger's HTTP API and the
# collector's own metrics (scripts/prod_path_check.py); restarts user-service (its SQL scripts run a second time on
# the same database) and the collector, and checks that new traces arrive whole. Exits 0 only if every check passed.
#
# Needs: Go (the collector and Jaeger are built by scripts/build-prod-path.sh when missing), a JDK 17+, python3 and
# PostgreSQL's server binaries (apt-get install postgresql). Ports (all on 127.0.0.1, moved with the variables):
# collector 4317/4318 (COLLECTOR_GRPC_PORT, COLLECTOR_HTTP_PORT), 13133 health (COLLECTOR_HEALTH_PORT), 8888 metrics
# (COLLECTOR_METRICS_PORT), 8889 span metrics (COLLECTOR_PROMETHEUS_PORT); Jaeger 16686 UI/API (JAEGER_UI_PORT), 14317/14318 OTLP (JAEGER_GRPC_PORT,
# JAEGER_HTTP_PORT), 16685 query gRPC (JAEGER_QUERY_GRPC_PORT), 18888 metrics (JAEGER_METRICS_PORT); trace viewer
# 16687 with OTLP 24317/24318 (VIEWER_PORT, VIEWER_GRPC_PORT, VIEWER_HTTP_PORT); payment-service 8080
# (PAYMENT_SERVICE_PORT), user-service 8081 (USER_SERVICE_PORT), provider 12111 (PROVIDER_PORT), PostgreSQL 15432
# (PG_PORT). BURST (300) sets the number of fast OK payments. Logs: target/prod-path-logs/.
#
#   scripts/prod-path-test.sh          checks, then stops everything; exits 0 only if every check passed
#   scripts/prod-path-test.sh --keep   after the checks, keeps everything running until Ctrl-C
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
for arg in "$@"; do
	case "$arg" in
		--keep) keep=true ;;
		-h | --help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "Unknown option: $arg (try --help)" >&2; exit 2 ;;
	esac
done

COLLECTOR_GRPC_PORT=${COLLECTOR_GRPC_PORT:-4317}
COLLECTOR_HTTP_PORT=${COLLECTOR_HTTP_PORT:-4318}
COLLECTOR_HEALTH_PORT=${COLLECTOR_HEALTH_PORT:-13133}
COLLECTOR_METRICS_PORT=${COLLECTOR_METRICS_PORT:-8888}
COLLECTOR_PROMETHEUS_PORT=${COLLECTOR_PROMETHEUS_PORT:-8889}
JAEGER_UI_PORT=${JAEGER_UI_PORT:-16686}
JAEGER_GRPC_PORT=${JAEGER_GRPC_PORT:-14317}
JAEGER_HTTP_PORT=${JAEGER_HTTP_PORT:-14318}
JAEGER_QUERY_GRPC_PORT=${JAEGER_QUERY_GRPC_PORT:-16685}
JAEGER_METRICS_PORT=${JAEGER_METRICS_PORT:-18888}
VIEWER_PORT=${VIEWER_PORT:-16687}
VIEWER_GRPC_PORT=${VIEWER_GRPC_PORT:-24317}
VIEWER_HTTP_PORT=${VIEWER_HTTP_PORT:-24318}
PAYMENT_SERVICE_PORT=${PAYMENT_SERVICE_PORT:-8080}
USER_SERVICE_PORT=${USER_SERVICE_PORT:-8081}
PROVIDER_PORT=${PROVIDER_PORT:-12111}
export PG_PORT=${PG_PORT:-15432}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-180}
JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1}
COLLECTOR_BIN=${COLLECTOR_BIN:-target/otelcol/otelcol-tracing-demo}
JAEGER_BIN=${JAEGER_BIN:-target/jaeger/jaeger}
LOG_DIR=target/prod-path-logs

for tool in java python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "prod-path-test.sh needs '$tool' on the PATH." >&2; exit 1; }
done

# --- Binaries and jars -------------------------------------------------------------------------------------------
if [[ ! -x "$COLLECTOR_BIN" || ! -x "$JAEGER_BIN" ]]; then
	scripts/build-prod-path.sh
fi
find_jar() { ls -t "$1"/target/"$1"-*"$2".jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1 || true; }
VIEWER_JAR=$(find_jar trace-viewer '')
USER_JAR=$(find_jar demo-user-service '-exec')
PAYMENT_JAR=$(find_jar demo-payment-service '-exec')
PROVIDER_JAR=$(find_jar demo-payment-provider '')
if [[ -z "$VIEWER_JAR" || -z "$USER_JAR" || -z "$PAYMENT_JAR" || -z "$PROVIDER_JAR" ]]; then
	./mvnw -q -B -DskipTests -pl trace-viewer,demo-user-service,demo-payment-service,demo-payment-provider -am package
	VIEWER_JAR=$(find_jar trace-viewer '')
	USER_JAR=$(find_jar demo-user-service '-exec')
	PAYMENT_JAR=$(find_jar demo-payment-service '-exec')
	PROVIDER_JAR=$(find_jar demo-payment-provider '')
fi

# --- Ports: refuse to start over something already listening --------------------------------------------------
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
busy=()
for variable in COLLECTOR_GRPC_PORT COLLECTOR_HTTP_PORT COLLECTOR_HEALTH_PORT COLLECTOR_METRICS_PORT COLLECTOR_PROMETHEUS_PORT \
	JAEGER_UI_PORT \
	JAEGER_GRPC_PORT JAEGER_HTTP_PORT JAEGER_QUERY_GRPC_PORT JAEGER_METRICS_PORT VIEWER_PORT VIEWER_GRPC_PORT \
	VIEWER_HTTP_PORT PAYMENT_SERVICE_PORT USER_SERVICE_PORT PROVIDER_PORT PG_PORT; do
	if in_use "${!variable}"; then
		busy+=("  port ${!variable} is already in use on 127.0.0.1: stop what listens there, or set $variable")
	fi
done
if ((${#busy[@]} > 0)); then
	echo "Cannot start the production path:" >&2
	printf '%s\n' "${busy[@]}" >&2
	exit 1
fi

# --- Processes -----------------------------------------------------------------------------------------------------
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
export PG_DIR="${TMPDIR:-/tmp}/tracing-prod-path-postgres.$$"
declare -A pids=()
cleanup() {
	local status=$?
	trap - EXIT INT TERM
	for name in "${!pids[@]}"; do
		kill "${pids[$name]}" 2>/dev/null || true
	done
	for name in "${!pids[@]}"; do
		wait "${pids[$name]}" 2>/dev/null || true
	done
	scripts/local-postgres.sh destroy >/dev/null 2>&1 || true
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start() { # name, command... (appends to the name's log, so that a restart keeps the first run's lines)
	local name=$1
	shift
	"$@" >>"$LOG_DIR/$name.log" 2>&1 &
	pids[$name]=$!
}
stop() { # name: SIGTERM, as a container runtime stops it, and wait for the exit
	kill "${pids[$1]}" 2>/dev/null || true
	wait "${pids[$1]}" 2>/dev/null || true
	unset "pids[$1]"
}
wait_ready() { # name, url
	local deadline=$((SECONDS + STARTUP_TIMEOUT))
	while ((SECONDS < deadline)); do
		if ! kill -0 "${pids[$1]}" 2>/dev/null; then
			echo "$1 exited during start-up; last lines of $LOG_DIR/$1.log:" >&2
			tail -n 30 "$LOG_DIR/$1.log" >&2
			return 1
		fi
		if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$2" 2>/dev/null; then
			echo "  $1 is ready ($2)"
			return 0
		fi
		sleep 0.5
	done
	echo "$1 was not ready after ${STARTUP_TIMEOUT}s ($2); last lines of $LOG_DIR/$1.log:" >&2
	tail -n 30 "$LOG_DIR/$1.log" >&2
	return 1
}

# The collector and Jaeger run the files of deploy/ unchanged; only their addresses move, by environment.
start_collector() {
	start collector env COLLECTOR_OTLP_GRPC_ENDPOINT="127.0.0.1:$COLLECTOR_GRPC_PORT" \
		COLLECTOR_OTLP_HTTP_ENDPOINT="127.0.0.1:$COLLECTOR_HTTP_PORT" \
		COLLECTOR_HEALTH_ENDPOINT="127.0.0.1:$COLLECTOR_HEALTH_PORT" \
		COLLECTOR_METRICS_HOST=127.0.0.1 COLLECTOR_METRICS_PORT="$COLLECTOR_METRICS_PORT" \
		COLLECTOR_PROMETHEUS_ENDPOINT="127.0.0.1:$COLLECTOR_PROMETHEUS_PORT" \
		JAEGER_OTLP_ENDPOINT="127.0.0.1:$JAEGER_GRPC_PORT" TEMPO_OTLP_ENDPOINT="127.0.0.1:$VIEWER_GRPC_PORT" \
		"$COLLECTOR_BIN" --config deploy/otel-collector/config.yaml
}
# As docker-compose.yml configures the services: OTLP/gRPC to the collector, by environment.
service_env=(TRACING_EXPORT_OTLP_ENDPOINT="http://127.0.0.1:$COLLECTOR_GRPC_PORT" TRACING_EXPORT_OTLP_PROTOCOL=grpc
	TRACING_ENVIRONMENT=prod-path-test SERVER_ADDRESS=127.0.0.1)
start_user_service() {
	# A bounded heap: the slow account's 2,500,000 rows must stream through the driver's cursor, as
	# application-postgresql.yml configures it; held at once they need about 630 MB, and the slow payment would fail.
	# shellcheck disable=SC2086
	start user-service env "${service_env[@]}" SPRING_PROFILES_ACTIVE=postgresql POSTGRES_HOST=127.0.0.1 \
		POSTGRES_PORT="$PG_PORT" SERVER_PORT="$USER_SERVICE_PORT" java $JAVA_OPTS -Xmx256m -jar "$USER_JAR"
}

started_at=$SECONDS
scripts/local-postgres.sh start
start jaeger env JAEGER_OTLP_GRPC_ENDPOINT="127.0.0.1:$JAEGER_GRPC_PORT" JAEGER_OTLP_HTTP_ENDPOINT="127.0.0.1:$JAEGER_HTTP_PORT" \
	JAEGER_QUERY_HTTP_ENDPOINT="127.0.0.1:$JAEGER_UI_PORT" JAEGER_QUERY_GRPC_ENDPOINT="127.0.0.1:$JAEGER_QUERY_GRPC_PORT" \
	JAEGER_METRICS_HOST=127.0.0.1 JAEGER_METRICS_PORT="$JAEGER_METRICS_PORT" \
	"$JAEGER_BIN" --config deploy/jaeger/config.yaml
# shellcheck disable=SC2086
start trace-viewer java $JAVA_OPTS -jar "$VIEWER_JAR" --server.address=127.0.0.1 "--server.port=$VIEWER_PORT" \
	"--viewer.otlp.http-port=$VIEWER_HTTP_PORT" "--viewer.otlp.grpc-port=$VIEWER_GRPC_PORT"
start_collector
start payment-provider java -jar "$PROVIDER_JAR" --address=127.0.0.1 "--port=$PROVIDER_PORT"
start_user_service
# shellcheck disable=SC2086
start payment-service env "${service_env[@]}" SERVER_PORT="$PAYMENT_SERVICE_PORT" \
	DEMO_USER_SERVICE_BASE_URL="http://localhost:$USER_SERVICE_PORT" DEMO_PROVIDER_BASE_URL="http://127.0.0.1:$PROVIDER_PORT" \
	java $JAVA_OPTS -jar "$PAYMENT_JAR"
wait_ready jaeger "http://127.0.0.1:$JAEGER_UI_PORT/api/services"
wait_ready collector "http://127.0.0.1:$COLLECTOR_HEALTH_PORT/"
wait_ready trace-viewer "http://127.0.0.1:$VIEWER_PORT/api/viewer/status"
wait_ready payment-provider "http://127.0.0.1:$PROVIDER_PORT/health"
wait_ready user-service "http://127.0.0.1:$USER_SERVICE_PORT/actuator/health/readiness"
wait_ready payment-service "http://127.0.0.1:$PAYMENT_SERVICE_PORT/actuator/health/readiness"
echo "Everything started in $((SECONDS - started_at)) s ($("$COLLECTOR_BIN" --version); Jaeger $("$JAEGER_BIN" version 2>/dev/null | sed -n 's/.*"gitVersion":"\([^"]*\)".*/\1/p'); logs in $LOG_DIR/)"

export JAEGER="http://127.0.0.1:$JAEGER_UI_PORT" TEMPO_STAND_IN="http://127.0.0.1:$VIEWER_PORT" \
	PAYMENTS="http://127.0.0.1:$PAYMENT_SERVICE_PORT" USERS="http://127.0.0.1:$USER_SERVICE_PORT" \
	PROVIDER="http://127.0.0.1:$PROVIDER_PORT" COLLECTOR_OTLP_HTTP="http://127.0.0.1:$COLLECTOR_HTTP_PORT" \
	COLLECTOR_METRICS="http://127.0.0.1:$COLLECTOR_METRICS_PORT/metrics" \
	JAEGER_METRICS="http://127.0.0.1:$JAEGER_METRICS_PORT/metrics" \
	SPAN_METRICS="http://127.0.0.1:$COLLECTOR_PROMETHEUS_PORT/metrics"
echo
python3 scripts/prod_path_check.py main

# --- Restarts -------------------------------------------------------------------------------------------------------
events() { scripts/local-postgres.sh psql -At -c 'SELECT count(*) FROM users' -c 'SELECT count(*) FROM account_events'| paste -sd/; }
echo
before=$(events)
stop user-service
start_user_service
wait_ready user-service "http://127.0.0.1:$USER_SERVICE_PORT/actuator/health/readiness"
after=$(events)
echo "user-service restarted on the same database: its schema and data scripts ran a second time;" \
	"users/account_events rows before $before, after $after"
if [[ "$before" != "$after" ]]; then
	echo "FAILED: the second run of the SQL scripts changed the data ($before -> $after)" >&2
	exit 1
fi

stop collector
echo "collector stopped"
python3 scripts/prod_path_check.py outage
start_collector
wait_ready collector "http://127.0.0.1:$COLLECTOR_HEALTH_PORT/"
echo
python3 scripts/prod_path_check.py recovery
if grep -E '"(error|warn)"|\berror\b' "$LOG_DIR/collector.log" | grep -v -i -e 'connection refused' >"$LOG_DIR/collector-problems.log"; then
	echo "Collector log lines at warn or error level (see $LOG_DIR/collector-problems.log):"
	head -n 5 "$LOG_DIR/collector-problems.log"
fi
echo
echo "Production path: all checks passed in $((SECONDS - started_at)) s"
if $keep; then
	cat <<-EOF

		Everything keeps running; Ctrl-C stops it all (and deletes the throwaway database). Try:
		  curl -s -XPOST 127.0.0.1:$PAYMENT_SERVICE_PORT/payments -H 'Content-Type: application/json' \\
		       -d '{"userId":"slow","amountCents":2500,"currency":"EUR","paymentMethodId":"pm_card_visa"}'
		  Jaeger's API: curl -s '127.0.0.1:$JAEGER_UI_PORT/api/traces?service=payment-service&minDuration=2s'
		  the kept traces in a UI (the trace viewer, receiving the otlp/tempo exporter): http://127.0.0.1:$VIEWER_PORT/
		  the collector's metrics: curl -s 127.0.0.1:$COLLECTOR_METRICS_PORT/metrics | grep otelcol_processor_tail_sampling
	EOF
	while true; do
		sleep 1
	done
fi
