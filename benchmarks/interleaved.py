#!/usr/bin/env python3
"""The schedule and the tables of benchmarks/interleaved.sh.

  interleaved.py schedule SEED ALTERNATIONS "ENDPOINTS" "VARIANTS"  -> the visiting order (TSV) on stdout
  interleaved.py summarize OUT_DIR                                  -> the tables (Markdown) on stdout

Every per-request figure is paired with the untraced application's (V0) figure of the same shape, alternation and
endpoint: CPU time per request as a ratio, bytes allocated per request as a difference. The tables give the median
over the alternations, the interquartile range in brackets and the smallest and largest value in parentheses.
"""
import collections
import csv
import os
import random
import re
import statistics
import sys

VARIANTS = ["V0", "V0b", "V1", "V2", "V2z", "V3", "V4", "V5", "V6", "V7"]
PEERS = ["V5", "V6", "V7"]
DESCRIPTIONS = {
    "V0": "untraced",
    "V0b": "untraced, a second instance (the noise row)",
    "V1": "ours, 100% sampled, exported",
    "V2": "ours, 10% sampled",
    "V2z": "ours, unsampled (`tracing.sampling.ratio=0`)",
    "V3": "ours, skipped (every endpoint a skip pattern)",
    "V4": "ours, disabled (`tracing.enabled=false`)",
    "V5": "Spring Boot's `spring-boot-starter-opentelemetry`",
    "V6": "OpenTelemetry's `opentelemetry-spring-boot-starter`",
    "V7": "OpenTelemetry Java agent",
}
SHAPES = {
    "bare": "bare: `spring-boot-starter-webmvc` + `spring-boot-starter-restclient`, no Actuator, no meter registry",
    "actuator": "actuator: the bare shape plus `spring-boot-starter-actuator` and `micrometer-registry-prometheus`",
}
# Spans each traced request should export: /hello one SERVER span, /chain SERVER + CLIENT + SERVER.
SPANS_PER_REQUEST = {"hello": 1, "chain": 3}
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------------------------------ schedule
def schedule(seed, alternations, endpoints, variants):
    """A new random order of the variants for every alternation and endpoint, reproducible from the seed."""
    rng = random.Random(seed)
    print("alternation\tendpoint\tposition\tvariant")
    for alt in range(1, alternations + 1):
        for ep in endpoints:
            order = list(variants)
            rng.shuffle(order)
            for pos, v in enumerate(order, 1):
                print(f"{alt}\t{ep}\t{pos}\t{v}")


# ------------------------------------------------------------------------------------------------ input
def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_machine(out):
    machine = {}
    path = os.path.join(out, "machine.txt")
    if os.path.exists(path):
        for line in open(path):
            key, _, value = line.rstrip("\n").partition("=")
            machine[key] = value
    return machine


def parse_wrk(path):
    """requests, seconds, errors (non-2xx and socket errors) of one wrk run"""
    text = open(path).read() if os.path.exists(path) else ""
    m = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", text)
    if not m:
        return 0, 0.0, 0
    seconds = float(m.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[m.group(3)]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    return int(m.group(1)), seconds, errors


def load_windows(out):
    windows = []
    for row in read_tsv(os.path.join(out, "windows.tsv")):
        requests, seconds, errors = parse_wrk(os.path.join(out, row["wrk"]))
        if requests == 0 or seconds == 0:
            continue
        ticks = int(row["cpu_ticks"])
        busy = int(row["cpu0_busy_ticks"])
        windows.append({
            "shape": row["shape"], "alt": int(row["alternation"]), "ep": row["endpoint"],
            "variant": row["variant"], "requests": requests, "seconds": seconds, "errors": errors,
            "rps": requests / seconds,
            "cpu_us": ticks * 1e6 / CLK_TCK / requests,
            "alloc": int(row["alloc_bytes"]) / requests,
            # The share of the server's CPU that other processes took during the window.
            "others": max(0, busy - ticks) / (seconds * CLK_TCK),
            "server_share": ticks / (seconds * CLK_TCK),
            # JIT compiler threads' share of cpu_us (older runs have no such column).
            "jit_us": (int(row["jit_ticks"]) * 1e6 / CLK_TCK / requests) if row.get("jit_ticks") else None,
        })
    return windows


# ------------------------------------------------------------------------------------------------ statistics
def quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


class Series:
    def __init__(self, values):
        self.values = [v for v in values if v is not None]

    def __bool__(self):
        return bool(self.values)

    @property
    def median(self):
        return statistics.median(self.values)

    @property
    def lo(self):
        return min(self.values)

    @property
    def hi(self):
        return max(self.values)

    def iqr(self):
        return quartiles(sorted(self.values))

    def ratio(self, digits=2):
        if not self.values:
            return "n/a"
        q1, q3 = self.iqr()
        return (f"{self.median:.{digits + 1}f} <sub>[{q1:.{digits}f}–{q3:.{digits}f}] "
                f"({self.lo:.{digits}f}–{self.hi:.{digits}f})</sub>")

    def delta(self):
        if not self.values:
            return "n/a"
        q1, q3 = self.iqr()
        return f"{self.median:+,.0f} <sub>[{q1:+,.0f} – {q3:+,.0f}] ({self.lo:+,.0f} – {self.hi:+,.0f})</sub>"


def by_key(windows):
    table = {}
    for w in windows:
        table[(w["shape"], w["alt"], w["ep"], w["variant"])] = w
    return table


def paired(table, shape, ep, variant, fn, baseline="V0"):
    values = []
    alts = sorted({k[1] for k in table if k[0] == shape})
    for alt in alts:
        base = table.get((shape, alt, ep, baseline))
        row = table.get((shape, alt, ep, variant))
        if base and row:
            values.append(fn(base, row))
    return Series(values)


def cpu_ratio(table, shape, ep, v):
    return paired(table, shape, ep, v, lambda b, r: r["cpu_us"] / b["cpu_us"] if b["cpu_us"] else None)


def rps_ratio(table, shape, ep, v):
    return paired(table, shape, ep, v, lambda b, r: r["rps"] / b["rps"] if b["rps"] else None)


def alloc_delta(table, shape, ep, v, baseline="V0"):
    return paired(table, shape, ep, v, lambda b, r: r["alloc"] - b["alloc"], baseline)


alloc_delta_to = alloc_delta


def cpu_ratio_to(table, shape, ep, v, baseline):
    return paired(table, shape, ep, v, lambda b, r: r["cpu_us"] / b["cpu_us"] if b["cpu_us"] else None, baseline)


def absolute(windows, shape, ep, v, metric):
    return Series([w[metric] for w in windows if w["shape"] == shape and w["ep"] == ep and w["variant"] == v])


def startup_ratios(rows, shape, v):
    """(CPU ms to first answer of every launch, ratio to V0's launch of the same alternation)"""
    by_alt = collections.defaultdict(dict)
    for row in rows:
        if row["shape"] == shape:
            by_alt[int(row["alternation"])][row["variant"]] = int(row["startup_cpu_ticks"]) * 1000 / CLK_TCK
    cpu = [launches[v] for launches in by_alt.values() if v in launches]
    ratio = [launches[v] / launches["V0"] for launches in by_alt.values() if v in launches and "V0" in launches]
    return Series(cpu), Series(ratio)


# ------------------------------------------------------------------------------------------------ verdicts
def noise_halfwidth(series):
    """Half the range of the V0-against-V0 row: a difference smaller than this is not resolved."""
    return (series.hi - series.lo) / 2 if series else 0.0


def verdict_at_most(measured, target, unit, noise):
    if not measured:
        return "not measured"
    m = measured.median
    over = m - target
    if unit == "x":
        text = f"{m:.3f}×"
        miss = f"{over:.3f}× ({over / target * 100:.1f}% of the target)"
    else:
        text = f"{m:+,.0f} B"
        miss = f"{over:,.0f} B"
    if over <= 0:
        return f"{text}: **met**"
    if over <= noise:
        return f"{text}: missed by {miss}, inside the noise (±{noise:.3f}{'×' if unit == 'x' else ' B'})"
    return f"{text}: **missed** by {miss}"


def worse(a, b):
    """The series with the higher median: a target is only met when it holds against both untraced JVMs."""
    if not a:
        return b
    if not b:
        return a
    return a if a.median >= b.median else b


def targets(table, startup_rows, shape):
    lines = ["| Target (medians; per-request figures against whichever of V0 and V0b gives the larger cost) | Result |",
             "|---|---|"]

    def cpu_ratio(table, shape, ep, v):  # noqa: the conservative pairing, for verdicts only
        return worse(cpu_ratio_to(table, shape, ep, v, "V0"), cpu_ratio_to(table, shape, ep, v, "V0b"))

    def alloc_delta(table, shape, ep, v):
        return worse(alloc_delta_to(table, shape, ep, v, "V0"), alloc_delta_to(table, shape, ep, v, "V0b"))

    noise_cpu = {ep: noise_halfwidth(cpu_ratio_to(table, shape, ep, "V0b", "V0")) for ep in SPANS_PER_REQUEST}
    # Allocation: half the interquartile range of V0b against V0 (a JVM's allocation per request is steady; the
    # offset between two JVMs is handled by judging against the worse of the two).
    noise_alloc = {ep: (lambda q: (q[1] - q[0]) / 2)(alloc_delta_to(table, shape, ep, "V0b", "V0").iqr())
                   for ep in SPANS_PER_REQUEST if alloc_delta_to(table, shape, ep, "V0b", "V0")}

    def add(label, text):
        lines.append(f"| {label} | {text} |")

    for v, name in (("V2z", "unsampled"), ("V3", "skipped")):
        for ep in ("hello", "chain"):
            add(f"{name} ({v}) /{ep}: CPU ≤ 1.03×", verdict_at_most(cpu_ratio(table, shape, ep, v), 1.03, "x",
                                                                     noise_cpu[ep]))
        limit = 128 if v == "V2z" else 0
        for ep in ("hello", "chain"):
            add(f"{name} ({v}) /{ep}: allocation ≤ +{limit} B", verdict_at_most(alloc_delta(table, shape, ep, v), limit,
                                                                               "B", noise_alloc[ep]))
    add("traced (V1) /hello: CPU ≤ 1.25×", verdict_at_most(cpu_ratio(table, shape, "hello", "V1"), 1.25, "x",
                                                           noise_cpu["hello"]))
    add("traced (V1) /chain: CPU ≤ 1.15× (a /chain is three hops: the ratio is the cost per hop)",
        verdict_at_most(cpu_ratio(table, shape, "chain", "V1"), 1.15, "x", noise_cpu["chain"]))
    for ep, spans in SPANS_PER_REQUEST.items():
        d = alloc_delta(table, shape, ep, "V1")
        per_span = Series([x / spans for x in d.values])
        add(f"traced (V1) /{ep}: allocation ≤ +1.2 KB per span ({spans} span{'s' if spans > 1 else ''} per request)",
            verdict_at_most(per_span, 1200, "B", noise_alloc[ep] / spans))
    for ep in ("hello", "chain"):
        v4, v0b = cpu_ratio(table, shape, ep, "V4"), cpu_ratio_to(table, shape, ep, "V0b", "V0")
        a4, a0b = alloc_delta(table, shape, ep, "V4"), alloc_delta_to(table, shape, ep, "V0b", "V0")
        # V0b's range against V0, mirrored: the spread of one untraced JVM against the other, either way round.
        a0b = Series(a0b.values + [-x for x in a0b.values])
        v0b = Series(v0b.values + [1 / x for x in v0b.values if x])
        if v4 and v0b and a4 and a0b:
            inside = v0b.lo <= v4.median <= v0b.hi and a0b.lo - 16 <= a4.median <= a0b.hi + 16
            add(f"disabled (V4) /{ep}: indistinguishable from untraced (median inside V0b's range)",
                f"CPU {v4.median:.3f}× (V0b {v0b.lo:.2f}–{v0b.hi:.2f}), {a4.median:+,.0f} B (V0b "
                f"{a0b.lo:+,.0f} – {a0b.hi:+,.0f}): **{'met' if inside else 'missed'}**")
    _, v1_start = startup_ratios(startup_rows, shape, "V1")
    _, v0b_start = startup_ratios(startup_rows, shape, "V0b")
    add("start-up (V1): CPU time to first answer ≤ 1.10×",
        verdict_at_most(v1_start, 1.10, "x", noise_halfwidth(v0b_start)) + (
            f" ({len(v1_start.values)} alternations)" if v1_start else ""))

    # First, or tied within the noise, against V5, V6, V7 on every figure.
    figures = []
    for ep in ("hello", "chain"):
        figures.append((f"CPU /{ep}", lambda v, ep=ep: cpu_ratio(table, shape, ep, v), noise_cpu[ep], "x"))
        figures.append((f"allocation /{ep}", lambda v, ep=ep: alloc_delta(table, shape, ep, v), noise_alloc[ep], "B"))
    figures.append(("start-up CPU", lambda v: startup_ratios(startup_rows, shape, v)[1], noise_halfwidth(v0b_start),
                    "x"))
    parts, all_ok = [], True
    for label, fn, noise, unit in figures:
        ours = fn("V1")
        peers = {p: fn(p) for p in PEERS if fn(p)}
        if not ours or not peers:
            continue
        best_peer, best = min(peers.items(), key=lambda kv: kv[1].median)
        diff = ours.median - best.median
        fmt = (lambda x: f"{x:.3f}×") if unit == "x" else (lambda x: f"{x:+,.0f} B")
        if diff < 0:
            state = "first"
        elif diff <= noise:
            state = f"tied with {best_peer} (within the noise)"
        else:
            state, all_ok = f"**behind {best_peer}**", False
        parts.append(f"{label}: {fmt(ours.median)} against {best_peer} {fmt(best.median)}, {state}")
    add("first (or tied within the noise) against V5, V6, V7 on every figure (V1 against the best peer)",
        "; ".join(parts) + (": **met**" if all_ok and parts else (": **missed**" if parts else "not measured")))
    return lines


# ------------------------------------------------------------------------------------------------ summary
def summarize(out):
    machine = read_machine(out)
    windows = load_windows(out)
    table = by_key(windows)
    startup_rows = read_tsv(os.path.join(out, "startup.tsv"))
    shapes = [s for s in SHAPES if any(w["shape"] == s for w in windows)]
    startup_shapes = [s for s in SHAPES if any(r["shape"] == s for r in startup_rows)]
    p = print

    p("### Machine and run")
    p()
    p(f"- Date: {machine.get('date', '?')}; commit `{machine.get('commit', '?')}` "
      f"(uncommitted changes in the starter: {machine.get('starter_dirty', '?')} files)")
    for s in SHAPES:
        if f"starter_jar_{s}" in machine and f"starter_jar_{s}_held" not in machine:
            p(f"- The starter in the {s} shape's applications: `tracing-spring-boot-autoconfigure` jar of "
              f"{machine[f'starter_jar_{s}']}")
    for s_ in SHAPES:
        if f"starter_jar_{s_}_held" in machine:
            p(f"- Our starter's variants (V1-V4) in the {s_} shape: built after the others were warm "
              f"(`--hold-starter`), from commit `{machine.get('starter_commit', '?')}`, autoconfigure jar of "
              f"{machine[f'starter_jar_{s_}_held']}")
    p(f"- Machine: `nproc` = {machine.get('nproc', '?')}, {machine.get('cpu', '?')}, {machine.get('memory', '?')}; "
      f"{machine.get('java', '?')}; {machine.get('wrk', '?')}")
    p(f"- Command: `{machine.get('command', '?')}`")
    p(f"- Settings: {machine.get('settings', '?')}")
    p(f"- Load average (1, 5, 15 min) at the start: {machine.get('load_start', '?')}; at the end: "
      f"{machine.get('load_end', '?')}")
    if windows:
        others = Series([w["others"] for w in windows])
        server = Series([w["server_share"] for w in windows])
        p(f"- During the measured windows the server used {server.median:.0%} of its CPU (median; "
          f"{server.lo:.0%}–{server.hi:.0%}) and other processes {others.median:.0%} of it "
          f"({others.lo:.0%}–{others.hi:.0%}): the machine was shared, which is what the interleaving is for.")
        jit = {}
        for w in windows:
            if w["jit_us"] is not None:
                jit.setdefault((w["shape"], w["variant"]), []).append(w["jit_us"] / w["cpu_us"] if w["cpu_us"] else 0)
        if jit:
            p("- JIT compilation during the windows (a JVM still compiling pays for it in its CPU per request), median "
              "share of each variant's CPU: " + ", ".join(f"{s_} {v} {statistics.median(vals):.0%}"
                                                        for (s_, v), vals in sorted(jit.items())))
        errors = sum(w["errors"] for w in windows)
        p(f"- Windows measured: {len(windows)}; wrk errors (non-2xx and socket errors) in them: {errors}")
    for row in read_tsv(os.path.join(out, "checks.tsv")):
        p(f"- Shape check ({row['shape']}): {row['check']} answered {row['result']}")
    p()

    for shape in shapes:
        alts = sorted({w["alt"] for w in windows if w["shape"] == shape})
        p(f"### Per request, {SHAPES[shape]}")
        p()
        p(f"{len(alts)} alternations. CPU: the server's CPU time per request divided by V0's in the same alternation. "
          "Allocated: bytes allocated per request by the whole server minus V0's in the same alternation. "
          "Median <sub>[interquartile range] (smallest–largest)</sub>.")
        p()
        p("| Variant | CPU /hello | CPU /chain | Allocated /hello | Allocated /chain |")
        p("|---|---|---|---|---|")
        for v in VARIANTS[1:]:
            p(f"| {v} {DESCRIPTIONS[v]} | {cpu_ratio(table, shape, 'hello', v).ratio()} | "
              f"{cpu_ratio(table, shape, 'chain', v).ratio()} | {alloc_delta(table, shape, 'hello', v).delta()} | "
              f"{alloc_delta(table, shape, 'chain', v).delta()} |")
        p()
        p("V0's own figures (median over the alternations): " + "; ".join(
            f"/{ep} {absolute(windows, shape, ep, 'V0', 'cpu_us').median:.0f} µs CPU and "
            f"{absolute(windows, shape, ep, 'V0', 'alloc').median:,.0f} B per request, "
            f"{absolute(windows, shape, ep, 'V0', 'rps').median:,.0f} requests/s"
            for ep in SPANS_PER_REQUEST if absolute(windows, shape, ep, "V0", "cpu_us")) + ".")
        p()
        p("The same against V0b, the other untraced JVM: two JVMs of one jar need not reach the same compiled code "
          "(allocation removed by escape analysis depends on what the JIT inlined), so a difference is only "
          "resolved when it holds against both.")
        p()
        p("| Variant | CPU /hello | CPU /chain | Allocated /hello | Allocated /chain |")
        p("|---|---|---|---|---|")
        for v in [x for x in VARIANTS if x != "V0b"]:
            p(f"| {v} | {cpu_ratio_to(table, shape, 'hello', v, 'V0b').ratio()} | "
              f"{cpu_ratio_to(table, shape, 'chain', v, 'V0b').ratio()} | "
              f"{alloc_delta(table, shape, 'hello', v, 'V0b').delta()} | "
              f"{alloc_delta(table, shape, 'chain', v, 'V0b').delta()} |")
        p()
        p("Throughput (requests per second against V0's in the same alternation; wall-clock, so the noisiest "
          "figure on a shared machine):")
        p()
        p("| Variant | /hello | /chain |")
        p("|---|---|---|")
        for v in VARIANTS[1:]:
            p(f"| {v} | {rps_ratio(table, shape, 'hello', v).ratio()} | {rps_ratio(table, shape, 'chain', v).ratio()} |")
        p()

    for shape in startup_shapes:
        n = len({r["alternation"] for r in startup_rows if r["shape"] == shape})
        p(f"### Start-up, {shape} shape: CPU time to the first answer")
        p()
        p(f"{n} alternations of fresh JVMs, two at a time (one per CPU), in a new random order each time. CPU time of the process (every thread) when "
          "its first `/hello` is answered, and its ratio to V0's launch in the same alternation. V2, V2z and V3 are "
          "V1's jar with other properties and are not launched again.")
        p()
        p("| Variant | CPU to first answer (ms) | Ratio to V0 | Wall time (ms) |")
        p("|---|---|---|---|")
        for v in VARIANTS:
            cpu, ratio = startup_ratios(startup_rows, shape, v)
            wall = Series([int(r["wall_ms"]) for r in startup_rows if r["shape"] == shape and r["variant"] == v])
            if not cpu:
                continue
            p(f"| {v} {DESCRIPTIONS[v]} | {cpu.median:,.0f} <sub>({cpu.lo:,.0f}–{cpu.hi:,.0f})</sub> | "
              f"{ratio.ratio() if v != 'V0' else '1'} | {wall.median:,.0f} |")
        p()

    for shape in shapes:
        p(f"### Targets, {shape} shape" + ("" if shape == "bare" else " (for information: the targets are set "
                                                                      "for the bare shape)"))
        p()
        p("A median farther from the target than the noise is a firm verdict; closer, it is marked as inside the "
          "noise. Noise: half of V0b's range against V0 for CPU, half of its interquartile range for allocation.")
        p()
        for line in targets(table, startup_rows, shape):
            p(line)
        p()

    # What was really exported: the sink decodes every OTLP request and counts spans per service.
    p("### Spans received by the sink")
    p()
    p("Spans the sink decoded per variant over each shape's run (all windows, warm-ups and profiles, flushed at "
      "shutdown), against the requests served: /hello should make 1 span, /chain 3, `/bench/allocated` 1 (2 calls "
      "per window) when traced.")
    p()
    p("| Shape | Variant | Requests /hello, /chain | Spans expected at 100% | Spans received | Received / expected |")
    p("|---|---|---|---|---|---|")
    requests = collections.Counter()
    for row in read_tsv(os.path.join(out, "requests.tsv")):
        requests[(row["shape"], row["variant"], row["kind"])] += parse_wrk(os.path.join(out, row["file"]))[0]
    calls = collections.Counter((w["shape"], w["variant"]) for w in windows)
    import json
    path = os.path.join(out, "sink.json")
    services = json.load(open(path)).get("services", {}) if os.path.exists(path) else {}
    for shape in shapes:
        for v in VARIANTS:
            if not calls[(shape, v)]:
                continue
            # The warm-up sends /hello and /chain in turn.
            mixed = requests[(shape, v, "mixed")]
            hello = requests[(shape, v, "hello")] + mixed // 2
            chain = requests[(shape, v, "chain")] + mixed - mixed // 2
            expected = hello + 3 * chain + 2 * calls[(shape, v)]
            got = services.get(f"bench-{shape}-{v}", 0)
            p(f"| {shape} | {v} | {hello:,}, {chain:,} | {expected:,} | {got:,} | "
              f"{(got / expected if expected else 0):.3f} |")
    p()


def main(argv):
    if len(argv) == 6 and argv[1] == "schedule":
        schedule(argv[2], int(argv[3]), argv[4].split(), argv[5].split())
    elif len(argv) == 3 and argv[1] == "summarize":
        summarize(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
