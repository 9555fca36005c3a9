#!/usr/bin/env python3
"""The checks of scripts/prod-path-test.sh, against the running production path (collector -> Jaeger v2).

    prod_path_check.py main       payments (ok, declined, slow, a burst of fast OK ones), foreign health-check spans;
                                  asserts through Jaeger's HTTP API and the collector's own metrics
    prod_path_check.py outage     payments while the collector is down: the services still answer
    prod_path_check.py recovery   after user-service and the collector restarted: new traces arrive whole

Addresses come from the environment (set by prod-path-test.sh). Exits 1 with the list of failed checks.
"""
import concurrent.futures
import fractions
import json
import math
import os
import re
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from trace_tree import Trace, tag  # scripts/trace_tree.py, shared with run-demo.sh

JAEGER = os.environ.get("JAEGER", "http://127.0.0.1:16686")
TEMPO_STAND_IN = os.environ.get("TEMPO_STAND_IN", "http://127.0.0.1:16687")
PAYMENTS = os.environ.get("PAYMENTS", "http://127.0.0.1:8080")
USERS = os.environ.get("USERS", "http://127.0.0.1:8081")
PROVIDER = os.environ.get("PROVIDER", "http://127.0.0.1:12111")
COLLECTOR_OTLP_HTTP = os.environ.get("COLLECTOR_OTLP_HTTP", "http://127.0.0.1:4318")
COLLECTOR_METRICS = os.environ.get("COLLECTOR_METRICS", "http://127.0.0.1:8888/metrics")
JAEGER_METRICS = os.environ.get("JAEGER_METRICS", "http://127.0.0.1:18888/metrics")
SPAN_METRICS = os.environ.get("SPAN_METRICS", "http://127.0.0.1:8889/metrics")
COLLECTOR_CONFIG = os.environ.get("COLLECTOR_CONFIG", "deploy/otel-collector/config.yaml")
BURST = int(os.environ.get("BURST", "300"))
BURST_AMOUNT = 777                       # payment.amount_cents of the burst's payments: how the test finds them
# Longest time from a request's end to its trace in Jaeger: SDK batch delay (5 s) + decision_wait (20 s) + the
# collector's batch timeout (5 s) + Jaeger's batch processor, plus slack for a loaded machine.
PIPELINE_WAIT = float(os.environ.get("PIPELINE_WAIT", "60"))

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"  FAILED: {message}")
    return condition


def http(method, url, body=None, headers=None, raw=None, timeout=30):
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    return status, text, time.monotonic() - started


def get_json(url):
    try:
        status, text, _ = http("GET", url)
    except (urllib.error.URLError, OSError) as error:
        return 0, {"error": str(error)}
    try:
        return status, (json.loads(text) if text else None)
    except ValueError:
        return status, None


def search(base, service, tags=None, operation=None, limit=2000):
    params = {"service": service, "lookback": "1h", "limit": limit}
    if tags:
        params["tags"] = json.dumps(tags)
    if operation:
        params["operation"] = operation
    status, found = get_json(f"{base}/api/traces?" + urllib.parse.urlencode(params))
    return [Trace(t) for t in (found or {}).get("data") or []] if status == 200 else []


# A payment's trace, span by span: (service, name, kind) -> its parent's (service, name, kind); None for the root.
P, U = "payment-service", "user-service"
PAYMENT_TREE = {
    (P, "POST /payments", "server"): None,
    (P, "process_payment", "internal"): (P, "POST /payments", "server"),
    (P, "GET", "client"): (P, "process_payment", "internal"),
    (U, "GET /users/{id}", "server"): (P, "GET", "client"),
    (U, "SELECT users", "client"): (U, "GET /users/{id}", "server"),
    (U, "load_account_history", "internal"): (U, "GET /users/{id}", "server"),
    (U, "SELECT account_events", "client"): (U, "load_account_history", "internal"),
    (P, "validate_payment", "internal"): (P, "process_payment", "internal"),
    (P, "provider_charge", "internal"): (P, "process_payment", "internal"),
    (P, "POST", "client"): (P, "provider_charge", "internal"),
}


def tree_problems(trace, remote_root=False):
    """What is missing or misplaced in a payment's trace (empty when it is whole, each span under its parent)."""
    problems = []
    keys = [trace.key(s) for s in trace.spans]
    for expected in PAYMENT_TREE:
        if keys.count(expected) != 1:
            problems.append(f"{keys.count(expected)} spans {expected}, expected 1")
    for extra in sorted(set(keys) - set(PAYMENT_TREE)):
        problems.append(f"unexpected span {extra}")
    for span in trace.spans:
        expected_parent = PAYMENT_TREE.get(trace.key(span), "?")
        parent_id = Trace.parent(span)
        if expected_parent is None:
            if remote_root:
                if parent_id is None or parent_id in trace.by_id:
                    problems.append(f"root {trace.key(span)} should have the caller's remote parent")
            elif parent_id is not None:
                problems.append(f"root {trace.key(span)} has a parent {parent_id} (missing span?)")
        elif expected_parent != "?":
            parent = trace.by_id.get(parent_id)
            if parent is None or trace.key(parent) != expected_parent:
                problems.append(f"{trace.key(span)} is under {trace.key(parent) if parent else parent_id},"
                                f" expected {expected_parent}")
    return problems


def wait_for_payment_trace(user_id, method, amount, timeout=PIPELINE_WAIT):
    """The trace of the one payment with these attributes, once whole (or the last incomplete state)."""
    deadline = time.monotonic() + timeout
    trace = None
    while time.monotonic() < deadline:
        found = search(JAEGER, P, {"user.id": user_id, "payment.method": method, "payment.amount_cents": str(amount)},
                       operation="process_payment", limit=10)
        if found:
            trace = found[0]
            if not tree_problems(trace):
                return trace
        time.sleep(1)
    return trace


def pay(user_id, amount, method, traceparent=None):
    body = {"userId": user_id, "amountCents": amount, "currency": "EUR", "paymentMethodId": method}
    headers = {"traceparent": traceparent} if traceparent else {}
    status, text, seconds = http("POST", f"{PAYMENTS}/payments", body, headers=headers)
    return status, text, seconds


def scrape(url):
    """Prometheus text -> {(name, frozenset(labels)): value}."""
    status, text, _ = http("GET", url)
    samples = {}
    if status != 200:
        return samples
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)', line)
        if match:
            labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(3) or ""))
            samples[(match.group(1), labels)] = float(match.group(4))
    return samples


def metric(samples, prefix, **labels):
    """Sum of a metric's samples whose labels include these; the exporter may append a unit and _total to the name
    (otelcol_processor_filter_spans.filtered, unit 1: otelcol_processor_filter_spans_filtered_ratio_total)."""
    wanted = set(labels.items())
    return sum(v for (name, ls), v in samples.items()
               if re.fullmatch(re.escape(prefix) + r"(_ratio)?(_total)?", name) and wanted <= set(ls))


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def probabilistic_policy():
    """hash_salt and sampling_percentage of the collector config's probabilistic policy, read from the file."""
    text = open(COLLECTOR_CONFIG).read()
    block = text[text.index("type: probabilistic"):]
    salt = re.search(r'hash_salt:\s*"?([^"\n]*)"?', block).group(1)
    percentage = float(re.search(r'sampling_percentage:\s*([0-9.]+)', block).group(1))
    return salt, percentage


def kept_by_probabilistic(trace_id, salt, percentage):
    """The tail_sampling processor's probabilistic policy (contrib v0.123.0, internal/sampling/probabilistic.go):
    FNV-1a 64 of the salt then the 16 trace id bytes, kept when at most MaxUint64 * percentage / 100."""
    threshold = math.floor(fractions.Fraction(2 ** 64 - 1) * fractions.Fraction(percentage / 100))
    return fnv1a64(salt.encode() + bytes.fromhex(trace_id)) <= threshold


def latency_threshold_us():
    """threshold_ms of the collector config's latency policy, read from the file, in microseconds."""
    text = open(COLLECTOR_CONFIG).read()
    block = text[text.index("type: latency"):]
    return int(re.search(r'threshold_ms:\s*([0-9]+)', block).group(1)) * 1000


def slow_trace_report(key, trace):
    """Where the slow trace's time went (its database span, as exported) and why the collector kept it: over the
    latency policy's threshold, OK, and not among the traces the probabilistic policy's hash keeps, so that the
    latency policy is the one that kept it (the collector's per-policy counts above say the same)."""
    threshold = latency_threshold_us()
    spans = {trace.key(s): s for s in trace.spans}
    query = spans.get((U, "SELECT account_events", "client"))
    if query is not None:
        print(f"  {key:8} database span SELECT account_events {query['duration'] / 1000:.0f} ms, "
              f"db.response.returned_rows={tag(query.get('tags'), 'db.response.returned_rows')}; trace "
              f"{trace.duration_us() / 1000:.0f} ms")
    salt, percentage = probabilistic_policy()
    by_hash = kept_by_probabilistic(trace.id, salt, percentage)
    errors = [s["operationName"] for s in trace.spans if trace.error(s)]
    check(trace.duration_us() > threshold,
          f"{key}: {trace.duration_us() / 1000:.0f} ms, not over the latency policy's {threshold / 1000:.0f} ms")
    check(not errors, f"{key}: ERROR spans {errors}: the error policy keeps it")
    if trace.duration_us() > threshold and not errors:
        print(f"  {key:8} kept by the latency policy ({trace.duration_us() / 1000:.0f} ms > {threshold / 1000:.0f} ms, "
              f"status OK" + (", and by the probabilistic policy's hash too)" if by_hash
                              else "; the probabilistic policy's hash would not keep it)"))


def send_foreign_health_spans():
    """Spans of a service that is not on the starter: two health checks and one real request, all three ERROR, so
    that the error policy would keep them: only the filter processor can drop the health checks."""
    now = time.time_ns()
    ids = {}

    def span(name, attributes):
        trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
        ids[name] = trace_id
        return {"traceId": trace_id, "spanId": span_id, "name": name, "kind": 2,
                "startTimeUnixNano": str(now - 5_000_000), "endTimeUnixNano": str(now),
                "attributes": [{"key": k, "value": {"stringValue": v}} for k, v in attributes.items()],
                "status": {"code": 2, "message": "probe failed"}}

    body = {"resourceSpans": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "legacy-service"}}]},
        "scopeSpans": [{"scope": {"name": "prod-path-test"}, "spans": [
            span("GET /health/ready", {"http.route": "/health/ready", "url.path": "/health/ready"}),
            span("GET /actuator/health/readiness", {"url.path": "/actuator/health/readiness"}),
            span("GET /orders", {"http.route": "/orders", "url.path": "/orders"}),
        ]}]}]}
    status, text, _ = http("POST", f"{COLLECTOR_OTLP_HTTP}/v1/traces", body)
    check(status == 200, f"the collector's OTLP/HTTP receiver answered {status} {text[:200]}")
    return ids


def main():
    print("Health checks of the services (the starter makes no spans for them):")
    for url in (f"{USERS}/actuator/health/liveness", f"{USERS}/actuator/health/readiness",
                f"{PAYMENTS}/actuator/health/liveness", f"{PAYMENTS}/actuator/health/readiness"):
        status, _, _ = http("GET", url)
        check(status == 200, f"{url} answered {status}")
    foreign = send_foreign_health_spans()
    print(f"  sent 3 ERROR spans of 'legacy-service' over OTLP/HTTP: 2 health checks, 1 GET /orders")

    pay("u_1002", 100, "pm_card_warmup")  # warms the JVMs up; its trace is one more fast OK trace (not counted)
    scenarios = {"ok": ("u_1001", 4999, "pm_card_visa", 200), "declined": ("u_1002", 12000, "pm_card_declined", 402),
                 "slow": ("slow", 2500, "pm_card_mastercard", 200)}
    print("\nPayments:")
    took = {}
    for key, (user, amount, method, expected) in scenarios.items():
        status, text, seconds = pay(user, amount, method)
        took[key] = seconds
        print(f"  {key:8} user={user:6} -> {status} ({seconds * 1000:.0f} ms)")
        check(status == expected, f"{key}: POST /payments answered {status}, expected {expected}: {text[:200]}")
    # The demo's fix, switched on while user-service runs (docs/debugging-workflow.md, step 5): the slow user's lookup
    # reads only its last 90 days, through the index on (user_id, created_at), and the payment is fast again.
    status, text, _ = http("POST", f"{USERS}/demo/account-history?bounded=true")
    check(status == 200 and json.loads(text or "{}") == {"bounded": True}, f"the fix's switch answered {status} {text}")
    status, _, fixed = pay("slow", 2502, "pm_card_mastercard")
    http("POST", f"{USERS}/demo/account-history?bounded=false")
    print(f"  fixed    user=slow   -> {status} ({fixed * 1000:.0f} ms, with POST /demo/account-history?bounded=true)")
    check(status == 200, f"fixed: POST /payments answered {status}")
    check(fixed < took["slow"] / 4 and fixed * 1_000_000 < latency_threshold_us(),
          f"fixed: the slow user's payment took {fixed * 1000:.0f} ms with the bounded query "
          f"({took['slow'] * 1000:.0f} ms without): not a quarter of it, or not under the latency policy")

    # The burst: fast OK payments, each started under a traceparent of ours (as behind a traced gateway), so that
    # the test knows every trace id and can compute which ones the probabilistic policy keeps.
    salt, percentage = probabilistic_policy()
    sent = {}
    started = time.monotonic()

    def one(_):
        trace_id = secrets.token_hex(16)
        status, _, seconds = pay("u_1001", BURST_AMOUNT, "pm_card_visa", f"00-{trace_id}-{secrets.token_hex(8)}-01")
        return trace_id, status, seconds

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for trace_id, status, seconds in pool.map(one, range(BURST)):
            sent[trace_id] = (status, seconds)
    burst_seconds = time.monotonic() - started
    statuses = [s for s, _ in sent.values()]
    check(statuses.count(200) == BURST, f"burst: {BURST - statuses.count(200)} of {BURST} payments did not answer 200")
    slow_requests = sum(1 for _, s in sent.values() if s >= 1.9)
    predicted = {t for t in sent if kept_by_probabilistic(t, salt, percentage)}
    print(f"  burst    {BURST} payments of {BURST_AMOUNT} cents for u_1001 in {burst_seconds:.1f} s "
          f"({slow_requests} took 1.9 s or more); the policy's hash keeps {len(predicted)} of them")

    print(f"\nJaeger ({JAEGER}), up to {PIPELINE_WAIT:.0f} s for the tail sampler's decisions:")
    traces = {}
    for key in ("declined", "slow"):
        user, amount, method, _ = scenarios[key]
        trace = wait_for_payment_trace(user, method, amount)
        if not check(trace is not None, f"{key}: no trace in Jaeger"):
            continue
        traces[key] = trace
        problems = tree_problems(trace)
        check(not problems, f"{key}: trace {trace.id} is not whole: {problems}")
        services = sorted({trace.service(s) for s in trace.spans})
        print(f"  {key:8} trace {trace.id}: {len(trace.spans)} spans of {', '.join(services)}, "
              f"{trace.duration_us() / 1000:.0f} ms, every span under its expected parent" if not problems else "")
    if "declined" in traces:
        declined = traces["declined"]
        for name in ("process_payment", "provider_charge"):
            check(any(declined.error(s) for s in declined.spans if s["operationName"] == name),
                  f"declined: {name} is not ERROR")
    if "slow" in traces:
        slow_trace_report("slow", traces["slow"])
    ok = search(JAEGER, P, {"user.id": "u_1001", "payment.amount_cents": "4999"}, operation="process_payment")
    print(f"  ok       {'kept' if ok else 'not kept'} (fast and OK: one of the traces the probabilistic policy decides)")

    # Burst: wait until every predicted trace is there, then a little longer for any unexpected one.
    deadline = time.monotonic() + PIPELINE_WAIT
    kept = {}
    while time.monotonic() < deadline:
        kept = {t.id: t for t in search(JAEGER, P, {"payment.amount_cents": str(BURST_AMOUNT)},
                                        operation="process_payment") if t.id in sent}
        if predicted <= set(kept):
            time.sleep(6)
            kept = {t.id: t for t in search(JAEGER, P, {"payment.amount_cents": str(BURST_AMOUNT)},
                                            operation="process_payment") if t.id in sent}
            break
        time.sleep(2)
    missing = predicted - set(kept)
    unexpected = {t for t in set(kept) - predicted if kept[t].duration_us() < 2_000_000}
    by_latency = set(kept) - predicted - unexpected
    incomplete = {t: tree_problems(kept[t], remote_root=True) for t in kept}
    incomplete = {t: p for t, p in incomplete.items() if p}
    rate = 100 * len(kept) / BURST
    # Binomial(BURST, p): four standard deviations around the configured rate (a false alarm about once in 16,000
    # runs). The exact check above is the strong one; this one states the rate.
    p = percentage / 100
    tolerance = 4 * (BURST * p * (1 - p)) ** 0.5
    low, high = BURST * p - tolerance, BURST * p + tolerance
    print(f"  burst    kept {len(kept)} of {BURST} fast OK traces ({rate:.1f}%; policy: {percentage:g}%, "
          f"accepted {low:.0f} to {high:.0f}, 4 standard deviations); {len(predicted)} predicted by the policy's "
          f"hash, {len(missing)} of them missing, {len(unexpected)} kept unpredicted, {len(by_latency)} kept for "
          f"latency over 2 s; {len(kept) - len(incomplete)} of {len(kept)} whole")
    check(not missing, f"burst: traces the probabilistic policy keeps are missing in Jaeger: {sorted(missing)[:5]}")
    check(not unexpected, f"burst: traces kept that no policy keeps: {sorted(unexpected)[:5]}")
    check(low <= len(kept) <= high, f"burst: {len(kept)} kept, outside {low:.0f}..{high:.0f}")
    check(not incomplete, f"burst: kept traces not whole: {list(incomplete.items())[:2]}")

    # The same decisions reached the second exporter (Tempo's, received here by the trace viewer).
    stand_in = {t.id for t in search(TEMPO_STAND_IN, P, {"payment.amount_cents": str(BURST_AMOUNT)},
                                     operation="process_payment") if t.id in sent}
    check(stand_in == set(kept), f"otlp/tempo exporter: {len(stand_in)} burst traces, Jaeger has {len(kept)}")
    print(f"  otlp/tempo exporter (received by the trace viewer standing in for Tempo): the same {len(stand_in)} "
          f"burst traces")

    # Health checks: none of the services' own, and the filter dropped the foreign ones.
    for service in (P, U):
        health = [s["operationName"] for t in search(JAEGER, service, limit=5000) for s in t.spans
                  if "health" in str(tag(s.get("tags"), "url.path") or "") + s["operationName"]]
        check(not health, f"{service}: health-check spans in Jaeger: {health[:5]}")
    legacy = search(JAEGER, "legacy-service")
    legacy_ids = {t.id for t in legacy}
    check(foreign["GET /orders"] in legacy_ids, "legacy-service: its ERROR GET /orders trace is not in Jaeger")
    check(foreign["GET /health/ready"] not in legacy_ids, "filter: the /health/ready span reached Jaeger")
    check(foreign["GET /actuator/health/readiness"] not in legacy_ids, "filter: the /actuator/health span reached Jaeger")
    print(f"  health   no health-check span of payment-service or user-service; of legacy-service's 3 ERROR spans "
          f"only GET /orders is in Jaeger (the filter dropped /health/ready and /actuator/health/readiness)")

    status, received = get_json(f"{PROVIDER}/received-headers")
    check(status == 200 and received and received.get("traceHeadersReceived") == [],
          f"the payment provider received trace headers: {received}")

    collector_metrics("after the first payments", foreign_health_spans=2)

    # The span metrics pipeline (spanmetrics connector -> prometheus exporter) counts every request, before sampling.
    deadline = time.monotonic() + 30             # metrics_flush_interval: 15s
    calls = 0
    while time.monotonic() < deadline:
        calls = metric(scrape(SPAN_METRICS), "traces_span_metrics_calls", service_name=P, span_name="POST /payments")
        if calls >= BURST + 4:
            break
        time.sleep(2)
    print(f"  span metrics ({SPAN_METRICS}): traces_span_metrics_calls_total of payment-service's POST /payments "
          f"= {calls:.0f} (every request, sampled or not: at least {BURST + 4} sent)")
    check(calls >= BURST + 4, f"span metrics count {calls:.0f} POST /payments calls, expected at least {BURST + 4}")
    # The declined payment is an error where the starter records one: its process_payment span (the SERVER span of a
    # 402 stays UNSET, as the HTTP conventions say for 4xx)
    samples = scrape(SPAN_METRICS)
    errors = metric(samples, "traces_span_metrics_calls", service_name=P, span_name="process_payment",
                    status_code="STATUS_CODE_ERROR")
    print(f"  span metrics: process_payment calls with status ERROR = {errors:.0f} (the declined payment)")
    check(errors >= 1, "span metrics count no ERROR process_payment call: the declined payment is not an error")


def collector_metrics(when, foreign_health_spans=0):
    samples = scrape(COLLECTOR_METRICS)
    if not check(samples, f"no metrics at {COLLECTOR_METRICS}"):
        return
    accepted = metric(samples, "otelcol_receiver_accepted_spans")
    refused = metric(samples, "otelcol_receiver_refused_spans")
    failed = metric(samples, "otelcol_exporter_send_failed_spans")
    enqueue_failed = metric(samples, "otelcol_exporter_enqueue_failed_spans")
    sent_jaeger = metric(samples, "otelcol_exporter_sent_spans", exporter="otlp/jaeger")
    sent_tempo = metric(samples, "otelcol_exporter_sent_spans", exporter="otlp/tempo")
    filtered = metric(samples, "otelcol_processor_filter_spans_filtered")
    per_policy = {dict(ls).get("policy"): v for (name, ls), v in samples.items()
                  if name.startswith("otelcol_processor_tail_sampling_count_traces_sampled")
                  and dict(ls).get("sampled") == "true"}
    print(f"\nCollector's own metrics ({COLLECTOR_METRICS}), {when}:")
    print(f"  spans accepted {accepted:.0f}, refused {refused:.0f}; exported to Jaeger {sent_jaeger:.0f}, to Tempo's "
          f"endpoint {sent_tempo:.0f}; failed {failed:.0f}, not queued {enqueue_failed:.0f}; health-check spans "
          f"filtered {filtered:.0f}")
    print(f"  traces kept per policy (a trace can match several): "
          + ", ".join(f"{k} {v:.0f}" for k, v in sorted(per_policy.items())))
    check(accepted > 0, "the collector accepted no spans")
    check(refused == 0, f"the collector refused {refused:.0f} spans")
    check(failed == 0 and enqueue_failed == 0, f"the collector failed to export {failed + enqueue_failed:.0f} spans")
    check(sent_jaeger > 0 and sent_jaeger == sent_tempo, f"exported {sent_jaeger:.0f} to Jaeger, {sent_tempo:.0f} to Tempo")
    # Each pipeline that runs the filter drops them once (the traces pipeline and the span metrics one).
    filtering = sum(1 for line in open(COLLECTOR_CONFIG)
                    if re.match(r"\s*processors:\s*\[.*filter/health-checks", line))
    check(filtered == foreign_health_spans * filtering,
          f"the filter processor dropped {filtered:.0f} spans, expected {foreign_health_spans} (the foreign health "
          f"checks) in each of the {filtering} pipelines that run it")
    jaeger = scrape(JAEGER_METRICS)
    if jaeger:
        jaeger_refused = metric(jaeger, "otelcol_receiver_refused_spans")
        print(f"  Jaeger's own metrics: spans accepted {metric(jaeger, 'otelcol_receiver_accepted_spans'):.0f}, "
              f"refused {jaeger_refused:.0f}")
        check(jaeger_refused == 0, f"Jaeger refused {jaeger_refused:.0f} spans")


def outage():
    print("Payments while the collector is down (tracing must not hurt the application):")
    for user, amount, method, expected in (("u_1001", 4001, "pm_card_visa", 200),
                                           ("u_1002", 4002, "pm_card_declined", 402)):
        status, text, seconds = pay(user, amount, method)
        print(f"  user={user} -> {status} ({seconds * 1000:.0f} ms)")
        check(status == expected, f"outage: POST /payments answered {status}, expected {expected}: {text[:200]}")
        check(seconds < 5, f"outage: POST /payments took {seconds:.1f} s")


def recovery():
    print("After user-service and the collector restarted:")
    for key, (user, amount, method, expected) in {"declined": ("u_1002", 12001, "pm_card_declined", 402),
                                                  "slow": ("slow", 2501, "pm_card_mastercard", 200)}.items():
        status, _, seconds = pay(user, amount, method)
        check(status == expected, f"recovery {key}: POST /payments answered {status}, expected {expected}")
        trace = wait_for_payment_trace(user, method, amount)
        if check(trace is not None, f"recovery {key}: no trace in Jaeger"):
            problems = tree_problems(trace)
            check(not problems, f"recovery {key}: trace {trace.id} is not whole: {problems}")
            print(f"  {key:8} -> {status} ({seconds * 1000:.0f} ms); trace {trace.id} in Jaeger: "
                  f"{len(trace.spans)} spans{', whole' if not problems else ''}")
            if key == "slow":
                slow_trace_report(key, trace)
    collector_metrics("since its restart")


if __name__ == "__main__":
    phase = sys.argv[1] if len(sys.argv) > 1 else "main"
    {"main": main, "outage": outage, "recovery": recovery}[phase]()
    if failures:
        print(f"\n{len(failures)} check(s) FAILED:")
        for failure in failures:
            print(f"  - {failure}")
        sys.exit(1)
    print(f"\n{phase}: all checks passed")
