#!/usr/bin/env python3
"""Turns the raw output of benchmarks/run.sh into benchmarks/RESULTS.md.

  summarize.py results OUT_DIR          -> RESULTS.md on stdout
  summarize.py profile JFR_JSON WRK_TXT -> a JFR profile summary on stdout
"""
import collections
import csv
import glob
import json
import os
import re
import statistics
import sys

VARIANTS = ["V0", "V0b", "V1", "V2", "V3", "V4", "V5", "V6", "V7"]
ENDPOINTS = ["hello", "chain", "work", "actuator/health"]
DESCRIPTIONS = {
    "V0": "untraced",
    "V0b": "untraced, second instance (noise row: V0 against V0)",
    "V1": "our starter, ratio 1.0",
    "V2": "our starter, ratio 0.1",
    "V3": "our starter, every endpoint a skip pattern",
    "V4": "our starter, `tracing.enabled=false`",
    "V5": "Spring Boot `spring-boot-starter-opentelemetry`, probability 1.0",
    "V6": "OpenTelemetry `opentelemetry-spring-boot-starter` 2.31.1",
    "V7": "OpenTelemetry Java agent 2.31.1 on the V0 jar",
}
TICK_US = 1_000_000 / os.sysconf("SC_CLK_TCK")
TRACING_PREFIXES = ("io.opentelemetry.", "dev.tracing.", "io.micrometer.tracing.", "okhttp3.", "okio.",
                    "kotlin.")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def fmt_ratio(values):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    m = statistics.median(values)
    if len(values) == 1:
        return f"{m:.3f}"
    return f"{m:.3f} <sub>({min(values):.2f}–{max(values):.2f})</sub>"


def fmt_bytes_delta(values):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    m = statistics.median(values)
    return f"{m:+,.0f}"


# ------------------------------------------------------------------------------------------------ wrk runs
def parse_wrk(path):
    """requests, requests/s, p50 and p99 in microseconds, errors (non-2xx and socket errors)"""
    text = open(path).read() if os.path.exists(path) else ""

    def us(value):
        m = re.match(r"([\d.]+)(us|ms|s)", value)
        return float(m.group(1)) * {"us": 1, "ms": 1000, "s": 1e6}[m.group(2)]

    req = re.search(r"(\d+) requests in", text)
    rps = re.search(r"Requests/sec:\s*([\d.]+)", text)
    p50 = re.search(r"\n\s*50%\s+(\S+)", text)
    p99 = re.search(r"\n\s*99%\s+(\S+)", text)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    return (int(req.group(1)) if req else 0, float(rps.group(1)) if rps else 0.0, us(p50.group(1)) if p50 else 0.0,
            us(p99.group(1)) if p99 else 0.0, errors)


def load_rows(out):
    rows = []
    for row in read_tsv(os.path.join(out, "raw.tsv")):
        requests, rps, p50, p99, errors = parse_wrk(os.path.join(out, row["wrk"]))
        if requests == 0:
            continue
        rows.append({
            "round": int(row["round"]), "epoch": int(row["epoch"]), "variant": row["variant"],
            "endpoint": row["endpoint"], "requests": requests, "rps": rps,
            "p50": p50, "p99": p99, "errors": errors,
            "cpu_us": int(row["cpu_ticks"]) * TICK_US / requests,
            "alloc": int(row["alloc_bytes"]) / requests,
        })
    return rows


def per_round(rows):
    table = {}
    for row in rows:
        table[(row["round"], row["variant"], row["endpoint"])] = row
    return table


def paired(table, rounds, variant, endpoint):
    """(V0's row, the variant's row) of every round that measured both."""
    for r in rounds:
        base = table.get((r, "V0", endpoint))
        row = table.get((r, variant, endpoint))
        if base and row:
            yield base, row


def ratios(table, rounds, variant, endpoint, metric):
    return [row[metric] / base[metric] for base, row in paired(table, rounds, variant, endpoint) if base[metric]]


def deltas(table, rounds, variant, endpoint, metric):
    return [row[metric] - base[metric] for base, row in paired(table, rounds, variant, endpoint)]


def absolute(table, rounds, variant, endpoint, metric):
    return [table[(r, variant, endpoint)][metric] for r in rounds if (r, variant, endpoint) in table]


# ------------------------------------------------------------------------------------------------ counting pass
def endpoint_of(root):
    for ep in ["actuator/health", "chain", "hello", "work", "bench/allocated"]:
        if "/" + ep in root:
            return ep
    return None


def counting(out):
    detail_path = os.path.join(out, "count-detail.json")
    if not os.path.exists(detail_path):
        return None
    detail = json.load(open(detail_path))
    requests = {}
    for row in read_tsv(os.path.join(out, "count-requests.tsv")):
        requests[(row["variant"], row["endpoint"])] = (int(row["requests"]), int(row["ok"]))
    result = {}
    unmapped = []
    for key, group in detail.get("roots", {}).items():
        service, _, root = key.partition(" | ")
        variant = service.replace("bench-", "")
        ep = endpoint_of(root)
        if ep is None:
            unmapped.append((variant, root, group))
            continue
        entry = result.setdefault((variant, ep), {"traces": 0, "spans": 0, "perTrace": collections.Counter(),
                                                  "kinds": collections.Counter(), "roots": set()})
        entry["traces"] += group["traces"]
        entry["spans"] += group["spans"]
        entry["roots"].add(root)
        for n, c in group["spansPerTrace"].items():
            entry["perTrace"][int(n)] += c
        for k, c in group["kinds"].items():
            entry["kinds"][k] += c
    return result, requests, unmapped


# ------------------------------------------------------------------------------------------------ JMH
def jmh(out):
    path = os.path.join(out, "jmh.json")
    if not os.path.exists(path):
        return None
    results = {}
    for entry in json.load(open(path)):
        bench = entry["benchmark"].rsplit(".", 2)[-2]
        mode = entry["params"]["mode"]
        if entry["params"].get("sampler", "starter") == "application":
            bench = "TracingFilterBenchmark/application"
        ns = float(entry["primaryMetric"]["score"])
        try:
            err = float(entry["primaryMetric"]["scoreError"])
        except (TypeError, ValueError):
            err = float("nan")
        alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        results[(bench, mode)] = (ns, err, alloc)
    return results


# ------------------------------------------------------------------------------------------------ profile
def frame_name(frame):
    method = frame.get("method", {})
    type_name = method.get("type", {}).get("name", "?").replace("/", ".")
    return f"{type_name}.{method.get('name', '?')}"


def is_tracing(name):
    return name.startswith(TRACING_PREFIXES) and not name.startswith("dev.tracing.bench.")


JDK_PREFIXES = ("java.", "javax.", "jdk.", "sun.", "com.sun.")
EXPORT_THREADS = ("BatchSpanProcessor", "okhttp", "OkHttp", "otel")


def attribute(frames, thread):
    """The tracing frame a sample or allocation is charged to, else None: the nearest frame from the top that is
    not the JDK's, when it belongs to tracing code (so JDK collections used by the SDK count, and the application
    running inside a tracing filter does not); everything on the exporter's threads."""
    top = next((f for f in frames if not f.startswith(JDK_PREFIXES)), None)
    if top is not None and is_tracing(top):
        return top
    if thread.startswith(EXPORT_THREADS):
        return top or frames[0]
    return None


def profile(json_path, wrk_path):
    data = json.load(open(json_path))
    events = data["recording"]["events"]
    wrk_text = open(wrk_path).read() if os.path.exists(wrk_path) else ""
    m = re.search(r"(\d+) requests in ([\d.]+)s", wrk_text)
    requests = int(m.group(1)) if m else 0
    seconds = float(m.group(2)) if m else 0
    samples = 0
    tracing_samples = 0
    by_tracing_frame = collections.Counter()
    self_frames = collections.Counter()
    thread_samples = collections.Counter()
    alloc_total = 0
    alloc_tracing = 0
    alloc_by_site = collections.Counter()
    for event in events:
        values = event["values"]
        frames = [frame_name(f) for f in (values.get("stackTrace") or {}).get("frames", [])]
        if not frames:
            continue
        if event["type"] == "jdk.ExecutionSample":
            thread = (values.get("sampledThread") or {}).get("javaName") or "?"
            samples += 1
            self_frames[frames[0]] += 1
            thread_samples[re.sub(r"[-#]?\d+$", "", thread)] += 1
            charged = attribute(frames, thread)
            if charged:
                tracing_samples += 1
                by_tracing_frame[charged] += 1
        elif event["type"] == "jdk.ObjectAllocationSample":
            thread = (values.get("eventThread") or {}).get("javaName") or "?"
            weight = values.get("weight", 0)
            alloc_total += weight
            charged = attribute(frames, thread)
            if charged:
                alloc_tracing += weight
                cls = (values.get("objectClass") or {}).get("name", "?").replace("/", ".")
                alloc_by_site[f"{cls} <- {charged}"] += weight
    share = (lambda n: f"{100 * n / samples:5.1f}%") if samples else (lambda n: "  n/a")
    lines = [f"wrk: {requests} requests in {seconds:.1f} s; {samples} execution samples "
             f"({samples / seconds if seconds else 0:.0f}/s; JFR samples threads running Java code, every 10 ms at most)",
             f"samples charged to tracing: {tracing_samples} ({share(tracing_samples).strip()}): the nearest non-JDK "
             "frame is io.opentelemetry, dev.tracing, io.micrometer.tracing or the exporter's okhttp/okio/kotlin, "
             "or the thread is the exporter's",
             "top tracing frames (share of all samples):"]
    for name, count in by_tracing_frame.most_common(15):
        lines.append(f"  {share(count)}  {name}")
    lines.append("top self frames (all samples):")
    for name, count in self_frames.most_common(10):
        lines.append(f"  {share(count)}  {name}")
    lines.append("samples by thread:")
    for name, count in thread_samples.most_common(6):
        lines.append(f"  {share(count)}  {name}")
    ashare = (lambda n: f"{100 * n / alloc_total:5.1f}%") if alloc_total else (lambda n: "  n/a")
    lines.append(f"allocation samples (JFR's estimate, weights): charged to tracing {ashare(alloc_tracing).strip()} "
                 "of all; top tracing sites (share of all allocation):")
    for name, weight in alloc_by_site.most_common(12):
        lines.append(f"  {ashare(weight)}  {name}")
    print("\n".join(lines))


# ------------------------------------------------------------------------------------------------ results
def results(out):
    machine = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(out, "machine.txt")) if "=" in line)
    rows = load_rows(out)
    table = per_round(rows)
    rounds = sorted({row["round"] for row in rows})
    errors = sum(row["errors"] for row in rows)
    loads = [line.strip() for line in open(os.path.join(out, "load.txt"))] if os.path.exists(
        os.path.join(out, "load.txt")) else []
    md = []
    w = md.append
    w("# Benchmark results: tracing overhead")
    w("")
    w("Produced by `benchmarks/run.sh` (method below, raw data in `benchmarks/target/bench-<time>/`, not committed). "
      "Every figure is a **ratio to the untraced application (V0) measured in the same round**, the median over "
      f"{len(rounds)} rounds, with the smallest and largest round in brackets. The V0b row is V0 against a second "
      "V0 instance: it is the noise floor, and a difference smaller than its spread means nothing.")
    w("")
    w("## Machine and run")
    w("")
    w(f"- Date: {machine.get('date')}; commit `{machine.get('commit')}`"
      + (f" (the starter modules had {machine.get('starter_dirty')} uncommitted changes in the work tree)"
         if machine.get("starter_dirty", "0") != "0" else ""))
    if machine.get("starter_jar"):
        w(f"- The starter in the applications: `tracing-spring-boot-autoconfigure` jar of {machine.get('starter_jar')}")
    w(f"- Machine: `nproc` = {machine.get('nproc')}, {machine.get('cpu')}, {machine.get('memory')} memory; "
      f"{machine.get('java')}; {machine.get('wrk')}")
    w(f"- Load average (1, 5, 15 min) at the start: {machine.get('load_start')}; at the end: "
      f"{machine.get('load_end', 'n/a')}. Other builds share this machine: see the noise row.")
    if loads:
        w(f"- Load after each round: {'; '.join(loads)}")
    w(f"- Command: `{machine.get('command')}` ({machine.get('settings')})")
    w(f"- wrk errors (non-2xx and socket errors) over all measurements: {errors}")
    w("")

    # Summary of targets.
    def med_ratio(variant, endpoint, metric):
        return median(ratios(table, rounds, variant, endpoint, metric))

    def med_delta(variant, endpoint, metric):
        return median(deltas(table, rounds, variant, endpoint, metric))

    startups = read_tsv(os.path.join(out, "startup.tsv"))
    by_tag = collections.defaultdict(dict)
    for row in startups:
        by_tag[row["tag"]][row["variant"]] = (int(row["startup_ms"]),
                                               float(row["boot_reported_s"]) if row["boot_reported_s"] else None)
    startup_ratio = {}
    for v in VARIANTS:
        startup_ratio[v] = [tag_rows[v][0] / tag_rows["V0"][0] for tag_rows in by_tag.values()
                            if v in tag_rows and "V0" in tag_rows]
    jmh_results = jmh(out)
    noise_hello = ratios(table, rounds, "V0b", "hello", "rps")
    noise_spread = (max(noise_hello) - min(noise_hello)) if len(noise_hello) > 1 else None

    def noise(endpoint, metric="rps"):
        """Half-width of the V0-against-V0 ratios around 1: a ratio closer than that to a target is not resolved."""
        values = ratios(table, rounds, "V0b", endpoint, metric)
        return max(abs(v - 1) for v in values) if values else None

    def verdict(value, target, higher_is_better=True, band=None):
        if value is None:
            return "n/a"
        ok = value >= target if higher_is_better else value <= target
        if band is not None and abs(value - target) < band:
            return ("met" if ok else "missed") + f", but inside the noise (V0 against V0: ±{band:.2f})"
        return "**met**" if ok else "**missed**"

    w("## Targets")
    w("")
    w("Targets to report against (not assertions). A throughput verdict is only firm when the median ratio is "
      "farther from the target than the V0-against-V0 ratios are from 1 (the noise band of the same endpoint); "
      "the CPU time per request ratio (a CPU-bound server's throughput is about its inverse) is given beside it.")
    w("")
    w("| Target | Measured | CPU / request ratio | Verdict |")
    w("|---|---|---|---|")
    throughput_targets = [
        ("100% sampling (V1), /hello throughput ≥ 0.95× V0", "V1", "hello", 0.95),
        ("100% sampling (V1), /chain throughput ≥ 0.90× V0", "V1", "chain", 0.90),
        ("10% sampling (V2), /hello throughput ≥ 0.985× V0", "V2", "hello", 0.985),
        ("skipped path (V3: every endpoint skipped), /hello throughput ≥ 0.995× V0", "V3", "hello", 0.995),
        ("skipped path (V1 on /actuator/health, a default skip pattern) ≥ 0.995× V0", "V1", "actuator/health",
         0.995),
        ("disabled (V4), /hello throughput ≥ 0.995× V0", "V4", "hello", 0.995),
    ]
    for label, variant, endpoint, target in throughput_targets:
        value = med_ratio(variant, endpoint, "rps")
        cpu = med_ratio(variant, endpoint, "cpu_us")
        w(f"| {label} | {value:.3f}× | {cpu:.3f}× | {verdict(value, target, True, noise(endpoint))} |"
          if value is not None and cpu is not None else f"| {label} | n/a | n/a | n/a |")
    targets = [
        ("≤ 3 KB allocated per traced /hello request, export included (V1 − V0, whole application)",
         med_delta("V1", "hello", "alloc"), 3072, False, "{:+,.0f} B"),
    ]
    v1 = med_delta("V1", "hello", "alloc")
    v2 = med_delta("V2", "hello", "alloc")
    if v1 is not None and v2 is not None:
        targets.append(("≤ 512 B per unsampled /hello request (from V2 − V0 less 10% of V1 − V0)",
                        (v2 - 0.1 * v1) / 0.9, 512, False, "{:+,.0f} B"))
    targets.append(("≤ 64 B per skipped /hello request (V3 − V0, whole application)", med_delta("V3", "hello", "alloc"),
                    64, False, "{:+,.0f} B"))
    if jmh_results:
        for mode, limit in [("sampled", 3072), ("unsampled", 512), ("skipped", 64)]:
            if ("TracingFilterBenchmark", mode) in jmh_results and ("TracingFilterBenchmark", "none") in jmh_results:
                value = jmh_results[("TracingFilterBenchmark", mode)][2] - jmh_results[("TracingFilterBenchmark",
                                                                                        "none")][2]
                label = {"sampled": "≤ 3 KB", "unsampled": "≤ 512 B", "skipped": "≤ 64 B"}[mode]
                targets.append((f"{label} per {mode} request in the filter alone (JMH, export excluded)", value, limit,
                                False, "{:,.0f} B"))
    targets.append(("start-up ≤ +10% (V1 time to first answer)", median(startup_ratio["V1"]), 1.10, False,
                    "{:.3f}×"))
    startup_noise = max((abs(r - 1) for r in startup_ratio["V0b"]), default=None)
    for label, value, target, higher, fmt in targets:
        band = startup_noise if label.startswith("start-up") else None
        w(f"| {label} | {fmt.format(value) if value is not None else 'n/a'} | | "
          f"{verdict(value, target, higher, band)} |")
    w("")
    if noise_spread is not None:
        w(f"Noise: V0 against V0 on /hello ranged {min(noise_hello):.2f}–{max(noise_hello):.2f} over the rounds "
          f"(median {statistics.median(noise_hello):.3f}). CPU time per request is steadier than throughput on a "
          "shared machine (other processes take wall time, not this process's CPU time): prefer the CPU column when "
          "the two disagree.")
        w("")

    # Per-endpoint tables.
    w("## Results per endpoint")
    w("")
    w("Columns: throughput (requests/s), median (p50) and 99th percentile latency at that load, CPU time of the "
      "server process per request (`/proc/<pid>/stat` utime+stime, the exporter's threads included), all as ratios "
      "to V0; bytes allocated per request by the whole server (sum of `ThreadMXBean.getThreadAllocatedBytes` over "
      "live threads, exporter included) as a difference to V0. Absolute V0 values are in the first row.")
    for ep in ENDPOINTS:
        w("")
        w(f"### /{ep}")
        w("")
        w("| Variant | Throughput | p50 | p99 | CPU / request | Allocated / request |")
        w("|---|---|---|---|---|---|")
        base_rps = median(absolute(table, rounds, "V0", ep, "rps"))
        if base_rps is not None:
            w(f"| V0 (absolute) | {base_rps:,.0f} req/s | "
              f"{median(absolute(table, rounds, 'V0', ep, 'p50')) / 1000:.2f} ms | "
              f"{median(absolute(table, rounds, 'V0', ep, 'p99')) / 1000:.2f} ms | "
              f"{median(absolute(table, rounds, 'V0', ep, 'cpu_us')):.0f} µs | "
              f"{median(absolute(table, rounds, 'V0', ep, 'alloc')):,.0f} B |")
        for v in VARIANTS[1:]:
            w(f"| {v} {DESCRIPTIONS[v]} | {fmt_ratio(ratios(table, rounds, v, ep, 'rps'))} | "
              f"{fmt_ratio(ratios(table, rounds, v, ep, 'p50'))} | {fmt_ratio(ratios(table, rounds, v, ep, 'p99'))} | "
              f"{fmt_ratio(ratios(table, rounds, v, ep, 'cpu_us'))} | "
              f"{fmt_bytes_delta(deltas(table, rounds, v, ep, 'alloc'))} B |")

    # Start-up and memory.
    w("")
    w("## Start-up and memory")
    w("")
    w("Start-up: from `java` being started (pinned to one core) to the first answer of `/hello`, and Spring Boot's "
      "own \"process running for\", per launch as a ratio to V0 of the same launch series. RSS: resident set of the "
      "server after all its rounds (`VmRSS`), and its peak (`VmHWM`), same heap settings everywhere "
      "(`-Xms64m -Xmx512m -XX:+UseSerialGC`).")
    w("")
    w("| Variant | Start-up (ms, median) | Start-up ratio | Boot's \"running for\" (s) | RSS (MB) | RSS ratio | Peak RSS (MB) |")
    w("|---|---|---|---|---|---|---|")
    rss_rows = read_tsv(os.path.join(out, "rss.tsv"))
    rss = collections.defaultdict(dict)
    for row in rss_rows:
        if row["rss_kb"]:
            rss[row["epoch"]][row["variant"]] = (int(row["rss_kb"]), int(row["hwm_kb"] or 0))
    for v in VARIANTS:
        times = [tag_rows[v][0] for tag_rows in by_tag.values() if v in tag_rows]
        boots = [tag_rows[v][1] for tag_rows in by_tag.values() if v in tag_rows and tag_rows[v][1]]
        rss_values = [e[v][0] / 1024 for e in rss.values() if v in e]
        hwm_values = [e[v][1] / 1024 for e in rss.values() if v in e]
        rss_ratio = [e[v][0] / e["V0"][0] for e in rss.values() if v in e and "V0" in e]
        w(f"| {v} {DESCRIPTIONS[v]} | {median(times) or 0:,.0f} | {fmt_ratio(startup_ratio[v])} | "
          f"{median(boots) or 0:.2f} | {median(rss_values) or 0:,.0f} | {fmt_ratio(rss_ratio)} | "
          f"{median(hwm_values) or 0:,.0f} |")

    # Counting pass.
    counted = counting(out)
    w("")
    w("## Counting pass: spans per request")
    w("")
    if counted is None:
        w("No counting pass in this run.")
    else:
        result, requests, unmapped = counted
        w("Before the measurements, each variant served the same sequential requests; the sink decoded every export "
          "(`ExportTraceServiceRequest` from `opentelemetry-proto`) and grouped the spans by `service.name` and trace. "
          "A cell reads *spans per request* (traces × spans per trace, kinds), with the root span's name.")
        w("")
        w("| Variant | /hello | /chain | /work | /actuator/health |")
        w("|---|---|---|---|---|")
        for v in VARIANTS:
            cells = []
            for ep in ENDPOINTS:
                n, ok = requests.get((v, ep), (0, 0))
                entry = result.get((v, ep))
                if not entry:
                    cells.append(f"0 spans ({ok}/{n} answered 200)" if n else "n/a")
                    continue
                per_trace = ", ".join(f"{c}×{k}" for k, c in sorted(entry["perTrace"].items()))
                kinds = "+".join(f"{c // max(entry['traces'], 1) if c % max(entry['traces'], 1) == 0 else c}"
                                 f" {k.lower()}" for k, c in sorted(entry["kinds"].items()))
                root = "/".join(sorted(entry["roots"]))
                cells.append(f"{entry['spans'] / ok if ok else 0:.2f} ({per_trace} spans; {kinds}; `{root}`)")
            w(f"| {v} | " + " | ".join(cells) + " |")
        if unmapped:
            w("")
            w("Spans whose root matched no endpoint: " + "; ".join(
                f"{v}: `{root}` {g['traces']} traces, {g['spans']} spans" for v, root, g in unmapped))

    received = collections.Counter()
    for path in glob.glob(os.path.join(out, "sink-stats-e*.json")):
        for service, count in json.load(open(path)).get("services", {}).items():
            received[service.replace("bench-", "")] += count
    if received:
        w("")
        w("Spans the sink received during the load phases (warm-ups after the counting pass and profiles included) against the spans "
          "expected from the requests wrk got answered and the counting pass's spans per request (for V2, 10% of "
          "V1's): well under 100% would mean a variant dropped spans under load (batch queue full) instead of "
          "exporting them, which would flatter its cost. The harness's own `/bench/allocated` calls (two per "
          "measurement, traced by every traced variant, V3 included) are counted as one span each.")
        w("")
        w("| Variant | Spans received | Spans expected | Received / expected |")
        w("|---|---|---|---|")
        served = collections.Counter()
        for path in glob.glob(os.path.join(out, "wrk", "*.txt")) + glob.glob(os.path.join(out, "profile", "*-wrk.txt")):
            name = os.path.basename(path)
            m = re.search(r"(\d+) requests in", open(path).read())
            if not m:
                continue
            n = int(m.group(1))
            first = re.match(r"(V\d+b?)-e(\d+)-first-warmup\.txt$", name)
            if first and first.group(2) == "1" and counted is not None:
                continue  # the sink is reset after the counting pass, which follows the first launch's warm-ups
            measured = re.match(r"(V\d+b?)-(.+?)-r\d+(-warmup)?\.txt$", name)
            profiled = re.match(r"(V\d+b?)-(.+)-wrk\.txt$", name)
            if first:
                for ep in ENDPOINTS:
                    served[(first.group(1), ep)] += n / len(ENDPOINTS)
            elif measured:
                served[(measured.group(1), measured.group(2).replace("_", "/"))] += n
            elif profiled:
                served[(profiled.group(1), profiled.group(2).replace("_", "/"))] += n
        per_request = {}
        if counted is not None:
            result, requests, _ = counted
            for (v, ep), (n, ok) in requests.items():
                entry = result.get((v, ep))
                per_request[(v, ep)] = (entry["spans"] / ok) if entry and ok else 0.0
        measurements = collections.Counter(row["variant"] for row in rows)
        for v in VARIANTS:
            expected = 0.0
            for ep in ENDPOINTS:
                source = ("V1", 0.1) if v == "V2" else (v, 1.0)
                expected += served[(v, ep)] * per_request.get((source[0], ep), 0.0) * source[1]
            traced = v in ("V1", "V3", "V5", "V6", "V7") or v == "V2"
            if traced:
                expected += 2 * measurements[v] * (0.1 if v == "V2" else 1.0)
            ratio = f"{100 * received[v] / expected:.0f}%" if expected else "n/a"
            w(f"| {v} | {received[v]:,} | {expected:,.0f} | {ratio} |")

    # JMH.
    w("")
    w("## JMH: the filter and the client interceptor alone")
    w("")
    if not jmh_results:
        w("Not run.")
    else:
        w("`TracingFilterBenchmark`: `TracingFilter` built with its public constructor over the real SDK "
          "(the starter's `RatioSampler`, `BatchSpanProcessor` with default settings, W3C propagators) exporting to a "
          "counting, discarding exporter; GET /hello (or /actuator/health for *skipped*) as a `FixedRequest` (Spring's "
          "`MockHttpServletRequest` with header look-ups that do not allocate, as a container's) and a chain that sets the matched route and the status. `ClientInterceptorBenchmark`: the interceptor of "
          "`new HttpClientTracing(openTelemetry, HostExclusion.none(), new QueryRedactor(List.of()))`, called under "
          "the server span (sampled or not), or under the filter's skip context, around an execution answering 200. "
          "*disabled* is `OpenTelemetry.noop()`; *none* is the chain/execution alone. One core "
          "(`taskset`), so the batch processor's worker shares it: its cost is in the ns/op. Bytes/op from "
          "`-prof gc` (`gc.alloc.rate.norm`, every thread). The starter's own sampler (`RatioSampler`) lets the "
          "instrumentation set attributes only on recording spans and start no span under an unsampled parent; "
          "*application sampler* is the filter when the application defines its own `Sampler` (the same "
          "parent-based ratio decisions), which may read attributes, so they are computed before every span starts.")
        w("")
        w("| Mode | Filter ns/op | Filter B/op | Client ns/op | Client B/op | Filter, application sampler ns/op | Filter, application sampler B/op |")
        w("|---|---|---|---|---|---|---|")
        for mode in ["none", "sampled", "unsampled", "skipped", "disabled"]:
            cells = []
            for bench in ["TracingFilterBenchmark", "ClientInterceptorBenchmark", "TracingFilterBenchmark/application"]:
                value = jmh_results.get((bench, mode))
                if value:
                    cells += [f"{value[0]:,.0f}" + (f" ± {value[1]:,.0f}" if value[1] == value[1] else ""), f"{value[2]:,.0f}" if value[2] is not None else "n/a"]
                else:
                    cells += ["n/a", "n/a"]
            w(f"| {mode} | " + " | ".join(cells) + " |")

    # Profiles.
    profiles = sorted(glob.glob(os.path.join(out, "profile", "*.txt")))
    profiles = [p for p in profiles if not p.endswith("-wrk.txt")]
    if profiles:
        w("")
        w("## Profiles (JFR, 15 s under load)")
        w("")
        w("`jcmd <pid> JFR.start settings=profile`, then `jfr print --events jdk.ExecutionSample,"
          "jdk.ObjectAllocationSample`, summarised by `summarize.py profile`: the share of CPU samples with a tracing "
          "frame anywhere on the stack, and the tracing methods they were in.")
        for path in profiles:
            name = os.path.basename(path)[:-4]
            w("")
            w(f"### {name.replace('-', ' /', 1)}")
            w("")
            w("```")
            w(open(path).read().rstrip())
            w("```")

    w("")
    w("## Method")
    w("")
    w("- Variants (same application code, `benchmarks/bench-app`; same endpoints; same sink):")
    for v in VARIANTS:
        w(f"  - {v}: {DESCRIPTIONS[v]}")
    w("- Every traced variant exports OTLP http/protobuf to one local sink (`benchmarks/sink`: a JDK `HttpServer` "
      "that decodes each request with `opentelemetry-proto`, counts the spans and answers 200 with an empty "
      "`ExportTraceServiceResponse`), with the same batch settings (queue 2048, batch 512, delay 5 s), W3C trace "
      "context and baggage only, metrics and logs export off (the sink counts any metrics or logs request: "
      "see `sink-stats-*.json` in the raw output).")
    w("- Endpoints: `/hello` (tiny JSON), `/chain` (a `RestClient` from Boot's builder calling `/hello` of the same "
      "application: 3 spans), `/work` (a fixed number of SHA-256 rounds, about 1 ms of CPU), `/actuator/health` "
      "(a default skip pattern of our starter).")
    w("- The server is pinned to CPU 0, wrk (1 thread, "
      f"{machine.get('settings', '').split('connections=')[-1].split()[0]} connections, closed loop) and the sink to "
      "CPU 1 with `taskset`, all at `nice -10` (other builds share the machine). All variants of a launch series run at once (idle but for the one measured), so the "
      "rounds do not pay a start-up each; each is started anew in every launch series (epoch).")
    w("- Each launch is followed by a warm-up over all endpoints; each measurement by its own short warm-up. In every "
      "round the endpoints are measured in turn, and for each endpoint every variant, in an order rotated (and "
      "reversed every other round) from round to round, so that V0 and the variant compared with it are measured "
      "seconds apart.")
    w("- JMH 1.37 with `-prof gc` on one core; JFR profiles of the running servers under load.")
    w("")
    print("\n".join(md))


if __name__ == "__main__":
    if sys.argv[1] == "results":
        results(sys.argv[2])
    elif sys.argv[1] == "profile":
        profile(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
