#!/usr/bin/env bash
# The demo in one command, no Docker: the trace viewer, user-service, payment-service, a stub payment provider, a Kafka
# broker and Redis on 127.0.0.1; three payments (ok, declined, slow); each resulting trace printed as a tree, with its
# link in the viewer. Needs java, python3 and redis-server (Debian/Ubuntu: apt-get install redis-server).
#
#   ./run-demo.sh           keeps everything running until Ctrl-C
#   ./run-demo.sh --once    exits after printing: 0 only if the expected traces were found
#   ./run-demo.sh --build   rebuilds the jars first (otherwise they are built only when missing)
#
# Ports can be moved with environment variables: VIEWER_PORT (16686), OTLP_HTTP_PORT (4318), OTLP_GRPC_PORT (4317),
# USER_SERVICE_PORT (8081), PAYMENT_SERVICE_PORT (8080), PROVIDER_PORT (12111), REDIS_PORT (16379); the Kafka broker
# takes a free port and says which. Logs: target/demo-logs/.
set -euo pipefail
cd "$(dirname "$0")"

once=false
build=false
for arg in "$@"; do
	case "$arg" in
		--once) once=true ;;
		--build) build=true ;;
		-h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "Unknown option: $arg (try --help)" >&2; exit 2 ;;
	esac
done

VIEWER_PORT=${VIEWER_PORT:-16686}
OTLP_HTTP_PORT=${OTLP_HTTP_PORT:-4318}
OTLP_GRPC_PORT=${OTLP_GRPC_PORT:-4317}
USER_SERVICE_PORT=${USER_SERVICE_PORT:-8081}
PAYMENT_SERVICE_PORT=${PAYMENT_SERVICE_PORT:-8080}
PROVIDER_PORT=${PROVIDER_PORT:-12111}
REDIS_PORT=${REDIS_PORT:-16379}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-120}
LOG_DIR=target/demo-logs
JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1}

for tool in java python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run-demo.sh needs '$tool' on the PATH." >&2
		exit 1
	fi
done
# Redis caches user-service's lookups: Debian's server, started here on REDIS_PORT without persistence.
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || true)}
if [[ -z "$REDIS_SERVER" || ! -x "$REDIS_SERVER" ]]; then
	echo "run-demo.sh needs redis-server on the PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)," >&2
	echo "or REDIS_SERVER=/path/to/redis-server." >&2
	exit 1
fi

# --- Jars: build what is missing --------------------------------------------------------------------------------
find_jar() { # module, suffix: the newest matching jar, or nothing
	ls -t "$1"/target/"$1"-*"$2".jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1 || true
}
locate_jars() {
	VIEWER_JAR=$(find_jar trace-viewer '')
	USER_JAR=$(find_jar demo-user-service '-exec')
	PAYMENT_JAR=$(find_jar demo-payment-service '-exec')
	PROVIDER_JAR=$(find_jar demo-payment-provider '')
	KAFKA_JAR=$(find_jar demo-kafka-broker '-exec')
}
locate_jars
if $build || [[ -z "$VIEWER_JAR" || -z "$USER_JAR" || -z "$PAYMENT_JAR" || -z "$PROVIDER_JAR" || -z "$KAFKA_JAR" ]]; then
	echo "Building the demo jars (./mvnw -q -DskipTests package; about a minute the first time)..."
	./mvnw -q -B -DskipTests -pl trace-viewer,demo-user-service,demo-payment-service,demo-payment-provider,demo-kafka-broker \
		-am package
	locate_jars
fi
for jar in "$VIEWER_JAR" "$USER_JAR" "$PAYMENT_JAR" "$PROVIDER_JAR" "$KAFKA_JAR"; do
	if [[ -z "$jar" || ! -f "$jar" ]]; then
		echo "A demo jar is missing after the build; see the Maven output above." >&2
		exit 1
	fi
done

# --- Ports: refuse to start over something already listening ----------------------------------------------------
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
busy=()
for entry in "trace viewer UI and API:$VIEWER_PORT:VIEWER_PORT" "OTLP/HTTP:$OTLP_HTTP_PORT:OTLP_HTTP_PORT" \
	"OTLP/gRPC:$OTLP_GRPC_PORT:OTLP_GRPC_PORT" "user-service:$USER_SERVICE_PORT:USER_SERVICE_PORT" \
	"payment-service:$PAYMENT_SERVICE_PORT:PAYMENT_SERVICE_PORT" "payment provider:$PROVIDER_PORT:PROVIDER_PORT" \
	"redis-server:$REDIS_PORT:REDIS_PORT"; do
	IFS=: read -r what port variable <<<"$entry"
	if in_use "$port"; then
		busy+=("  port $port ($what) is already in use on 127.0.0.1: stop what listens there, or set $variable=<free port>")
	fi
done
if ((${#busy[@]} > 0)); then
	echo "Cannot start the demo:" >&2
	printf '%s\n' "${busy[@]}" >&2
	exit 1
fi

# --- Processes: started here, always stopped on exit -------------------------------------------------------------
mkdir -p "$LOG_DIR"
pids=()
names=()
cleanup() {
	local status=$?
	trap - EXIT INT TERM
	if ((${#pids[@]} > 0)); then
		echo "Stopping ${names[*]}..."
		for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
		for _ in $(seq 1 50); do
			local alive=false
			for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
			$alive || break
			sleep 0.2
		done
		for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_logs() {
	for name in "${names[@]}"; do
		echo "----- last lines of $LOG_DIR/$name.log -----" >&2
		tail -n 25 "$LOG_DIR/$name.log" >&2 || true
	done
}

start() { # name, command...
	local name=$1
	shift
	"$@" >"$LOG_DIR/$name.log" 2>&1 &
	pids+=($!)
	names+=("$name")
}

wait_ready() { # index in pids, what it is, probe command...: polls the probe until it succeeds
	local index=$1 what=$2 deadline=$((SECONDS + STARTUP_TIMEOUT))
	shift 2
	while ((SECONDS < deadline)); do
		if ! kill -0 "${pids[$index]}" 2>/dev/null; then
			echo "${names[$index]} exited during start-up." >&2
			return 1
		fi
		if "$@" 2>/dev/null; then
			echo "  ${names[$index]} is ready ($what)"
			return 0
		fi
		sleep 0.5
	done
	echo "${names[$index]} was not ready after ${STARTUP_TIMEOUT}s ($what)." >&2
	return 1
}
http_ok() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1"; }
redis_pong() { python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2); s.sendall(b"PING\r\n")
sys.exit(0 if s.recv(7).startswith(b"+PONG") else 1)' "$1"; }
broker_ready() { grep -q '^Kafka broker ready on ' "$LOG_DIR/kafka-broker.log"; }

# The backing services first: the trace viewer, the provider, Redis and the Kafka broker (whose port the services need).
# shellcheck disable=SC2086
{
	start trace-viewer java $JAVA_OPTS -jar "$VIEWER_JAR" "--server.port=$VIEWER_PORT" \
		"--viewer.otlp.http-port=$OTLP_HTTP_PORT" "--viewer.otlp.grpc-port=$OTLP_GRPC_PORT"
	start payment-provider java -jar "$PROVIDER_JAR" --address=127.0.0.1 "--port=$PROVIDER_PORT"
	start redis-server "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no
	start kafka-broker java $JAVA_OPTS -jar "$KAFKA_JAR"
}
echo "Started trace-viewer, payment-provider, redis-server and kafka-broker; logs in $LOG_DIR/"
if ! { wait_ready 0 "http://127.0.0.1:$VIEWER_PORT/api/viewer/status" http_ok "http://127.0.0.1:$VIEWER_PORT/api/viewer/status" &&
	wait_ready 1 "http://127.0.0.1:$PROVIDER_PORT/health" http_ok "http://127.0.0.1:$PROVIDER_PORT/health" &&
	wait_ready 2 "127.0.0.1:$REDIS_PORT answers PING" redis_pong "$REDIS_PORT" &&
	wait_ready 3 "Apache Kafka's KRaft broker, topic payment.completed" broker_ready; }; then
	show_logs
	exit 1
fi
KAFKA_BOOTSTRAP=$(sed -n 's/^Kafka broker ready on \([^ ]*\).*/\1/p' "$LOG_DIR/kafka-broker.log" | head -n 1)
echo "  Kafka bootstrap servers: $KAFKA_BOOTSTRAP"

tracing_args=(--server.address=127.0.0.1 "--tracing.export.otlp.endpoint=http://127.0.0.1:$OTLP_HTTP_PORT"
	--tracing.export.batch.schedule-delay=500ms --demo.kafka.enabled=true "--spring.kafka.bootstrap-servers=$KAFKA_BOOTSTRAP")
# shellcheck disable=SC2086
{
	start user-service java $JAVA_OPTS -jar "$USER_JAR" "--server.port=$USER_SERVICE_PORT" "${tracing_args[@]}" \
		--demo.cache.enabled=true --spring.data.redis.host=127.0.0.1 "--spring.data.redis.port=$REDIS_PORT"
	# user-service is addressed as localhost, the provider as 127.0.0.1: only the latter is in
	# tracing.propagation.exclude-hosts (see demo-payment-service/src/main/resources/application.yml).
	start payment-service java $JAVA_OPTS -jar "$PAYMENT_JAR" "--server.port=$PAYMENT_SERVICE_PORT" "${tracing_args[@]}" \
		"--demo.user-service.base-url=http://localhost:$USER_SERVICE_PORT" \
		"--demo.provider.base-url=http://127.0.0.1:$PROVIDER_PORT"
}
echo "Started user-service and payment-service"
if ! { wait_ready 4 "http://127.0.0.1:$USER_SERVICE_PORT/actuator/health/readiness" \
	http_ok "http://127.0.0.1:$USER_SERVICE_PORT/actuator/health/readiness" &&
	wait_ready 5 "http://127.0.0.1:$PAYMENT_SERVICE_PORT/actuator/health/readiness" \
		http_ok "http://127.0.0.1:$PAYMENT_SERVICE_PORT/actuator/health/readiness"; }; then
	show_logs
	exit 1
fi

# --- Payments, traces, checks --------------------------------------------------------------------------------------
set +e
VIEWER="http://127.0.0.1:$VIEWER_PORT" PAYMENTS="http://127.0.0.1:$PAYMENT_SERVICE_PORT" \
	USERS="http://127.0.0.1:$USER_SERVICE_PORT" PROVIDER="http://127.0.0.1:$PROVIDER_PORT" \
	python3 - <<'PY'
import json, os, sys, time, urllib.error, urllib.parse, urllib.request

sys.path.insert(0, "scripts")
from trace_tree import Trace, duration, tag  # scripts/trace_tree.py, shared with scripts/prod_path_check.py

VIEWER, PAYMENTS, USERS, PROVIDER = (os.environ[k] for k in ("VIEWER", "PAYMENTS", "USERS", "PROVIDER"))


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    return status, text, time.monotonic() - started


def get_json(url):
    status, text, _ = http("GET", url)
    return status, (json.loads(text) if text else None)


def find_trace(user_id, method, expect_services, expect_spans=(), timeout=25):
    """The latest process_payment trace of this user and payment method, once all its spans have arrived (those
    named in expect_spans too: the Kafka consumer's come after the HTTP request has ended)."""
    tags = json.dumps({"user.id": user_id, "payment.method": method})
    query = urllib.parse.urlencode({"service": "payment-service", "operation": "process_payment", "tags": tags,
                                    "lookback": "1h", "limit": 1})
    deadline = time.monotonic() + timeout
    last_count, trace = -1, None
    while time.monotonic() < deadline:
        status, found = get_json(f"{VIEWER}/api/traces?{query}")
        if status == 200 and found and found.get("data"):
            trace_id = found["data"][0]["traceID"]
            status, one = get_json(f"{VIEWER}/api/traces/{trace_id}")
            if status == 200 and one and one.get("data"):
                trace = Trace(one["data"][0])
                services = {trace.service(s) for s in trace.spans}
                names = {s["operationName"] for s in trace.spans}
                if (trace.complete() and expect_services <= services and set(expect_spans) <= names
                        and len(trace.spans) == last_count):
                    return trace
                last_count = len(trace.spans)
        time.sleep(0.7)
    return trace


failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


for url in (f"{USERS}/actuator/health/liveness", f"{USERS}/actuator/health/readiness",
            f"{PAYMENTS}/actuator/health/liveness", f"{PAYMENTS}/actuator/health/readiness"):
    status, _, _ = http("GET", url)
    check(status == 200, f"{url} answered {status}")

SEND, PROCESS = "send payment.completed", "process payment.completed"
# key, title, request, spans the trace must hold before it is printed (a successful charge crosses Kafka)
scenarios = [
    ("ok", "a payment that goes through; user u_1001 looked up for the first time: a cache miss",
     {"userId": "u_1001", "amountCents": 4999, "currency": "EUR", "paymentMethodId": "pm_card_visa"}, (PROCESS,)),
    ("declined", "the provider declines the card; user u_1002 is in Redis since the warm-up payment: a cache hit",
     {"userId": "u_1002", "amountCents": 12000, "currency": "USD", "paymentMethodId": "pm_card_declined"}, ()),
    ("slow", "user 'slow': an account with seventeen years of history",
     {"userId": "slow", "amountCents": 2500, "currency": "EUR", "paymentMethodId": "pm_card_mastercard"}, (PROCESS,)),
]
# A first payment warms the JVMs up (class loading, connection pools, the Kafka producer and Redis connections), so
# that the traces below show the steady state; it is a trace of its own in the viewer, and it puts user u_1002 in the
# cache.
http("POST", f"{PAYMENTS}/payments",
     {"userId": "u_1002", "amountCents": 100, "currency": "GBP", "paymentMethodId": "pm_card_warmup"})

responses = {}
print()
for key, title, body, _ in scenarios:
    status, text, seconds = http("POST", f"{PAYMENTS}/payments", body)
    responses[key] = status
    print(f"POST /payments {json.dumps(body)}")
    print(f"  -> {status} {text}  ({seconds * 1000:.0f} ms)")

traces = {}
for index, (key, title, body, expect_spans) in enumerate(scenarios, start=1):
    trace = find_trace(body["userId"], body["paymentMethodId"], {"payment-service", "user-service"}, expect_spans)
    print()
    if trace is None:
        check(False, f"{key}: no trace of the payment was found in the viewer")
        print(f"Trace {index}/{len(scenarios)}, {key} ({title}): not found")
        continue
    traces[key] = trace
    print(f"Trace {index}/{len(scenarios)}, {key} ({title}): {len(trace.spans)} spans, {duration(trace.duration_us())}")
    trace.print_tree()
    print(f"  {VIEWER}/trace/{trace.id}")

# The checks that --once reports on.
ok = traces.get("ok")
if ok:
    check(responses["ok"] == 200, f"ok: POST /payments answered {responses['ok']}, expected 200")
    for service, name, kind in (("payment-service", "POST /payments", "server"),
                                ("payment-service", "process_payment", "internal"),
                                ("payment-service", "validate_payment", "internal"),
                                ("payment-service", "provider_charge", "internal"),
                                ("user-service", "GET /users/{id}", "server")):
        check(ok.find(service, name, kind), f"ok: no {kind} span '{name}' of {service}")
    provider_calls = [s for s in ok.find("payment-service", "POST", "client")
                      if ok.by_id.get(Trace.parent(s), {}).get("operationName") == "provider_charge"]
    check(provider_calls, "ok: no provider CLIENT span under provider_charge")
    for server in ok.find("user-service", "GET /users/{id}", "server"):
        caller = ok.by_id.get(Trace.parent(server))
        check(caller is not None and ok.service(caller) == "payment-service"
              and tag(caller.get("tags"), "span.kind") == "client",
              "ok: user-service's span is not a child of payment-service's CLIENT span")
    check(not any(ok.error(s) for s in ok.spans), "ok: the trace has ERROR spans")


def check_async_hop(key, trace):
    """payment-service's PRODUCER under process_payment; user-service's CONSUMER under it; its insert under that."""
    sends = trace.find("payment-service", SEND, "producer")
    if not check(len(sends) == 1, f"{key}: {len(sends)} PRODUCER spans '{SEND}' of payment-service, expected 1"):
        return
    check((trace.parent_of(sends[0]) or {}).get("operationName") == "process_payment",
          f"{key}: '{SEND}' is not a child of process_payment")
    processes = trace.find("user-service", PROCESS, "consumer")
    if not check(len(processes) == 1, f"{key}: {len(processes)} CONSUMER spans '{PROCESS}' of user-service "
                                      "in the payment's trace, expected 1"):
        return
    check(Trace.parent(processes[0]) == sends[0]["spanID"], f"{key}: '{PROCESS}' is not a child of '{SEND}'")
    check(tag(processes[0].get("tags"), "messaging.consumer.group.name") == "user-service",
          f"{key}: '{PROCESS}' has no messaging.consumer.group.name=user-service")
    inserts = [s for s in trace.spans if Trace.parent(s) == processes[0]["spanID"] and Trace.kind(s) == "client"
               and str(tag(s.get("tags"), "db.query.text") or "").startswith("INSERT INTO account_events")]
    check(inserts, f"{key}: no JDBC INSERT INTO account_events under '{PROCESS}'")


def check_cache(key, trace, hit):
    """Redis GET under user-service's GET /users/{id}: a hit reads no user from the database, a miss does and SETs."""
    server = trace.find("user-service", "GET /users/{id}", "server")
    if not check(len(server) == 1, f"{key}: {len(server)} spans 'GET /users/{{id}}' of user-service, expected 1"):
        return
    under = sorted((s for s in trace.spans if Trace.parent(s) == server[0]["spanID"]), key=lambda s: s["startTime"])
    redis = [s["operationName"] for s in under if tag(s.get("tags"), "db.system.name") == "redis"]
    selects = [s for s in under if s["operationName"] == "SELECT users"]
    if hit:
        check(redis == ["GET"], f"{key}: Redis commands {redis} under GET /users/{{id}}, expected [GET] (a hit)")
        check(not selects, f"{key}: a cache hit still queried the database (SELECT users)")
    else:
        check(redis == ["GET", "SET"], f"{key}: Redis commands {redis}, expected [GET, SET] (a miss, then stored)")
        check(len(selects) == 1, f"{key}: a cache miss made {len(selects)} SELECT users, expected 1")


if ok:
    check_async_hop("ok", ok)
    check_cache("ok", ok, hit=False)
declined = traces.get("declined")
if declined:
    check(responses["declined"] == 402, f"declined: POST /payments answered {responses['declined']}, expected 402")
    check_cache("declined", declined, hit=True)
    check(not declined.find("payment-service", SEND), f"declined: a declined payment published '{SEND}'")
    for name in ("provider_charge", "process_payment"):
        check(any(declined.error(s) for s in declined.find("payment-service", name)),
              f"declined: '{name}' is not ERROR")
slow = traces.get("slow")
if slow:
    check(responses["slow"] == 200, f"slow: POST /payments answered {responses['slow']}, expected 200")
    check_async_hop("slow", slow)
    check(slow.duration_us() > 2_000_000, f"slow: the trace took {duration(slow.duration_us())}, expected more than 2 s")
status, received = get_json(f"{PROVIDER}/received-headers")
check(status == 200 and received and received.get("paymentIntentRequests", 0) >= 4,
      f"the payment provider saw {received and received.get('paymentIntentRequests')} payment intents, expected 4")
check(status == 200 and received and received.get("traceHeadersReceived") == [],
      f"the payment provider received trace headers: {received and received.get('traceHeadersReceived')}")
for service in ("payment-service", "user-service"):
    _, found = get_json(f"{VIEWER}/api/traces?" + urllib.parse.urlencode({"service": service, "lookback": "1h"}))
    actuator = [s["operationName"] for t in (found or {}).get("data") or [] for s in t["spans"]
                if str(tag(s.get("tags"), "url.path") or "").startswith("/actuator")]
    check(not actuator, f"{service} exported spans for health checks: {actuator}")

print()
print(f"Payment provider: {received.get('paymentIntentRequests') if received else '?'} payment intents, "
      f"trace headers received: {received.get('traceHeadersReceived') if received else '?'} "
      "(its host is in tracing.propagation.exclude-hosts)")
print("Health checks (/actuator/health/liveness, /readiness) answered 200 and made no spans.")
if ok and not failures:
    print(f"Kafka: {SEND} (PRODUCER, payment-service) -> {PROCESS} (CONSUMER, user-service) -> its INSERT, in the "
          "payment's trace. Redis: u_1001 a miss (GET, SELECT users, SET), u_1002 a hit (GET alone).")
if failures:
    print()
    print("Expected traces NOT found:")
    for failure in failures:
        print(f"  - {failure}")
    sys.exit(1)
print(f"All expected traces found. Search them at {VIEWER}/ (service payment-service, min duration 2s, or tag error=true)")
PY
result=$?
set -e

if ((result != 0)); then
	show_logs
	exit "$result"
fi
if $once; then
	exit 0
fi
cat <<EOF

Everything keeps running; Ctrl-C stops it all. Try:
  curl -s -XPOST localhost:$PAYMENT_SERVICE_PORT/payments -H 'Content-Type: application/json' \\
       -d '{"userId":"u_1001","amountCents":1999,"currency":"EUR","paymentMethodId":"pm_card_visa"}'
  then open http://127.0.0.1:$VIEWER_PORT/
EOF
while true; do
	for i in "${!pids[@]}"; do
		if ! kill -0 "${pids[$i]}" 2>/dev/null; then
			echo "${names[$i]} stopped unexpectedly." >&2
			show_logs
			exit 1
		fi
	done
	sleep 2
done
