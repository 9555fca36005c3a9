#!/usr/bin/env bash
# The demo in one command, no Docker: the trace viewer, user-service, payment-service and a stub payment provider on
# 127.0.0.1; three payments (ok, declined, slow); each resulting trace printed as a tree, with its link in the viewer.
#
#   ./run-demo.sh           keeps everything running until Ctrl-C
#   ./run-demo.sh --once    exits after printing: 0 only if the expected traces were found
#   ./run-demo.sh --build   rebuilds the jars first (otherwise they are built only when missing)
#
# Ports can be moved with environment variables: VIEWER_PORT (16686), OTLP_HTTP_PORT (4318), OTLP_GRPC_PORT (4317),
# USER_SERVICE_PORT (8081), PAYMENT_SERVICE_PORT (8080), PROVIDER_PORT (12111). Logs: target/demo-logs/.
set -euo pipefail
cd "$(dirname "$0")"

once=false
build=false
for arg in "$@"; do
	case "$arg" in
		--once) once=true ;;
		--build) build=true ;;
		-h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "Unknown option: $arg (try --help)" >&2; exit 2 ;;
	esac
done

VIEWER_PORT=${VIEWER_PORT:-16686}
OTLP_HTTP_PORT=${OTLP_HTTP_PORT:-4318}
OTLP_GRPC_PORT=${OTLP_GRPC_PORT:-4317}
USER_SERVICE_PORT=${USER_SERVICE_PORT:-8081}
PAYMENT_SERVICE_PORT=${PAYMENT_SERVICE_PORT:-8080}
PROVIDER_PORT=${PROVIDER_PORT:-12111}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-120}
LOG_DIR=target/demo-logs
JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1}

for tool in java python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run-demo.sh needs '$tool' on the PATH." >&2
		exit 1
	fi
done

# --- Jars: build what is missing --------------------------------------------------------------------------------
find_jar() { # module, suffix: the newest matching jar, or nothing
	ls -t "$1"/target/"$1"-*"$2".jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1 || true
}
locate_jars() {
	VIEWER_JAR=$(find_jar trace-viewer '')
	USER_JAR=$(find_jar demo-user-service '-exec')
	PAYMENT_JAR=$(find_jar demo-payment-service '-exec')
	PROVIDER_JAR=$(find_jar demo-payment-provider '')
}
locate_jars
if $build || [[ -z "$VIEWER_JAR" || -z "$USER_JAR" || -z "$PAYMENT_JAR" || -z "$PROVIDER_JAR" ]]; then
	echo "Building the demo jars (./mvnw -q -DskipTests package; about a minute the first time)..."
	./mvnw -q -B -DskipTests -pl trace-viewer,demo-user-service,demo-payment-service,demo-payment-provider -am package
	locate_jars
fi
for jar in "$VIEWER_JAR" "$USER_JAR" "$PAYMENT_JAR" "$PROVIDER_JAR"; do
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
	"payment-service:$PAYMENT_SERVICE_PORT:PAYMENT_SERVICE_PORT" "payment provider:$PROVIDER_PORT:PROVIDER_PORT"; do
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

tracing_args=(--server.address=127.0.0.1 "--tracing.export.otlp.endpoint=http://127.0.0.1:$OTLP_HTTP_PORT"
	--tracing.export.batch.schedule-delay=500ms)
# shellcheck disable=SC2086
{
	start trace-viewer java $JAVA_OPTS -jar "$VIEWER_JAR" "--server.port=$VIEWER_PORT" \
		"--viewer.otlp.http-port=$OTLP_HTTP_PORT" "--viewer.otlp.grpc-port=$OTLP_GRPC_PORT"
	start payment-provider java -jar "$PROVIDER_JAR" --address=127.0.0.1 "--port=$PROVIDER_PORT"
	start user-service java $JAVA_OPTS -jar "$USER_JAR" "--server.port=$USER_SERVICE_PORT" "${tracing_args[@]}"
	# user-service is addressed as localhost, the provider as 127.0.0.1: only the latter is in
	# tracing.propagation.exclude-hosts (see demo-payment-service/src/main/resources/application.yml).
	start payment-service java $JAVA_OPTS -jar "$PAYMENT_JAR" "--server.port=$PAYMENT_SERVICE_PORT" "${tracing_args[@]}" \
		"--demo.user-service.base-url=http://localhost:$USER_SERVICE_PORT" \
		"--demo.provider.base-url=http://127.0.0.1:$PROVIDER_PORT"
}
echo "Started trace-viewer, payment-provider, user-service and payment-service; logs in $LOG_DIR/"

wait_ready() { # index in pids, url
	local index=$1 url=$2 deadline=$((SECONDS + STARTUP_TIMEOUT))
	while ((SECONDS < deadline)); do
		if ! kill -0 "${pids[$index]}" 2>/dev/null; then
			echo "${names[$index]} exited during start-up." >&2
			return 1
		fi
		if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url" 2>/dev/null; then
			echo "  ${names[$index]} is ready ($url)"
			return 0
		fi
		sleep 0.5
	done
	echo "${names[$index]} was not ready after ${STARTUP_TIMEOUT}s ($url)." >&2
	return 1
}
if ! { wait_ready 0 "http://127.0.0.1:$VIEWER_PORT/api/viewer/status" &&
	wait_ready 1 "http://127.0.0.1:$PROVIDER_PORT/health" &&
	wait_ready 2 "http://127.0.0.1:$USER_SERVICE_PORT/actuator/health/readiness" &&
	wait_ready 3 "http://127.0.0.1:$PAYMENT_SERVICE_PORT/actuator/health/readiness"; }; then
	show_logs
	exit 1
fi

# --- Payments, traces, checks --------------------------------------------------------------------------------------
set +e
VIEWER="http://127.0.0.1:$VIEWER_PORT" PAYMENTS="http://127.0.0.1:$PAYMENT_SERVICE_PORT" \
	USERS="http://127.0.0.1:$USER_SERVICE_PORT" PROVIDER="http://127.0.0.1:$PROVIDER_PORT" \
	python3 - <<'PY'
import json, os, sys, time, urllib.error, urllib.parse, urllib.request

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


def tag(tags, key):
    for t in tags or []:
        if t.get("key") == key:
            return t.get("value")
    return None


def duration(us):
    return f"{us / 1e6:.2f} s" if us >= 1_000_000 else f"{us / 1000:.1f} ms"


class Trace:
    def __init__(self, data):
        self.id = data["traceID"]
        self.processes = data.get("processes") or {}
        self.spans = data.get("spans") or []
        self.by_id = {s["spanID"]: s for s in self.spans}
        self.children = {}
        self.roots = []
        for s in self.spans:
            parent = self.parent(s)
            if parent in self.by_id:
                self.children.setdefault(parent, []).append(s)
            else:
                self.roots.append(s)
        for spans in self.children.values():
            spans.sort(key=lambda s: s["startTime"])
        self.roots.sort(key=lambda s: s["startTime"])

    @staticmethod
    def parent(span):
        for ref in span.get("references") or []:
            if ref.get("refType") == "CHILD_OF":
                return ref.get("spanID")
        return None

    def service(self, span):
        return (self.processes.get(span.get("processID")) or {}).get("serviceName", "?")

    def complete(self):
        return len(self.roots) == 1 and self.parent(self.roots[0]) is None

    def duration(self):
        start = min(s["startTime"] for s in self.spans)
        return max(s["startTime"] + s["duration"] for s in self.spans) - start

    def find(self, service, name, kind=None):
        return [s for s in self.spans if self.service(s) == service and s["operationName"] == name
                and (kind is None or tag(s.get("tags"), "span.kind") == kind)]

    def error(self, span):
        return tag(span.get("tags"), "otel.status_code") == "ERROR" or tag(span.get("tags"), "error") is True

    def describe(self, span):
        tags = span.get("tags") or []
        shown = []
        for key in ("http.response.status_code", "url.full", "user.id", "tenant.id", "payment.intent_id",
                    "stripe.payment_intent_id", "account.events_read", "account.events_used", "db.query.text",
                    "db.statement", "db.response.returned_rows", "error.type"):
            value = tag(tags, key)
            if value is not None:
                shown.append(f"{key}={value}")
        for log in span.get("logs") or []:
            fields = {f.get("key"): f.get("value") for f in log.get("fields") or []}
            if fields.get("event") == "exception" and fields.get("exception.message"):
                shown.append(f"exception=\"{fields['exception.message'][:100]}\"")
        return "  ".join(shown)

    def print_tree(self):
        rows = []

        def walk(span, prefix, last, depth):
            branch = "" if depth == 0 else ("└─ " if last else "├─ ")
            kind = (tag(span.get("tags"), "span.kind") or "internal").upper()
            status = tag(span.get("tags"), "otel.status_code") or "UNSET"
            rows.append((prefix + branch + self.service(span), span["operationName"], kind, duration(span["duration"]),
                         status, self.describe(span)))
            kids = self.children.get(span["spanID"], [])
            for i, child in enumerate(kids):
                walk(child, prefix + ("" if depth == 0 else ("   " if last else "│  ")), i == len(kids) - 1, depth + 1)

        for root in self.roots:
            walk(root, "  ", True, 0)
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for r in rows:
            line = "  ".join(r[i].ljust(widths[i]) if i != 3 else r[i].rjust(widths[i]) for i in range(5))
            print((line + "  " + r[5]).rstrip())


def find_trace(user_id, method, expect_services, timeout=25):
    """The latest process_payment trace of this user and payment method, once all its spans have arrived."""
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
                if trace.complete() and expect_services <= services and len(trace.spans) == last_count:
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

scenarios = [
    ("ok", "a payment that goes through",
     {"userId": "u_1001", "amountCents": 4999, "currency": "EUR", "paymentMethodId": "pm_card_visa"}),
    ("declined", "the provider declines the card",
     {"userId": "u_1002", "amountCents": 12000, "currency": "USD", "paymentMethodId": "pm_card_declined"}),
    ("slow", "user 'slow': an account with seventeen years of history",
     {"userId": "slow", "amountCents": 2500, "currency": "EUR", "paymentMethodId": "pm_card_mastercard"}),
]
# A first payment warms the JVMs up (class loading, connection pools), so that the traces below show the steady
# state; it is a trace of its own in the viewer.
http("POST", f"{PAYMENTS}/payments",
     {"userId": "u_1002", "amountCents": 100, "currency": "GBP", "paymentMethodId": "pm_card_warmup"})

responses = {}
print()
for key, title, body in scenarios:
    status, text, seconds = http("POST", f"{PAYMENTS}/payments", body)
    responses[key] = status
    print(f"POST /payments {json.dumps(body)}")
    print(f"  -> {status} {text}  ({seconds * 1000:.0f} ms)")

traces = {}
for index, (key, title, body) in enumerate(scenarios, start=1):
    trace = find_trace(body["userId"], body["paymentMethodId"], {"payment-service", "user-service"})
    print()
    if trace is None:
        check(False, f"{key}: no trace of the payment was found in the viewer")
        print(f"Trace {index}/{len(scenarios)}, {key} ({title}): not found")
        continue
    traces[key] = trace
    print(f"Trace {index}/{len(scenarios)}, {key} ({title}): {len(trace.spans)} spans, {duration(trace.duration())}")
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
declined = traces.get("declined")
if declined:
    check(responses["declined"] == 402, f"declined: POST /payments answered {responses['declined']}, expected 402")
    for name in ("provider_charge", "process_payment"):
        check(any(declined.error(s) for s in declined.find("payment-service", name)),
              f"declined: '{name}' is not ERROR")
slow = traces.get("slow")
if slow:
    check(responses["slow"] == 200, f"slow: POST /payments answered {responses['slow']}, expected 200")
    check(slow.duration() > 2_000_000, f"slow: the trace took {duration(slow.duration())}, expected more than 2 s")
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
