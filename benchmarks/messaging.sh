#!/usr/bin/env bash
# The cost of tracing a Kafka message (sent with KafkaTemplate, then processed as a listener container does) and a
# Redis command (Lettuce), per operation: untraced, this starter, and Spring's observation-based spans on the same
# SDK (MessagingBenchmark in benchmarks/jmh). Built for a noisy shared machine:
#   - bytes allocated per operation (JMH's gc profiler, gc.alloc.rate.norm): deterministic, the load cannot move it;
#   - time per operation in ROUNDS interleaved rounds (default 10), each round running every variant in its own JVM,
#     in an order that rotates from round to round; each variant is compared with the untraced run of the same round
#     (paired), so that load that comes and goes between rounds cancels out. The median and the range of the
#     per-round differences are reported.
#
#   benchmarks/messaging.sh                 10 rounds (~6 min on 2 cores)
#   ROUNDS=3 benchmarks/messaging.sh        a quicker look
#   benchmarks/messaging.sh --no-build      reuse benchmarks/jmh/target
#
# Writes target/messaging-bench/round-*.json and prints the Markdown tables of benchmarks/RESULTS.md's section
# "Messaging and Redis spans".
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-10}
OUT=target/messaging-bench
build=true
for arg in "$@"; do
	case "$arg" in
		--no-build) build=false ;;
		-h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "Unknown option: $arg (try --help)" >&2; exit 2 ;;
	esac
done
if ! [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]]; then
	echo "ROUNDS must be a positive number, was '$ROUNDS'" >&2
	exit 2
fi
command -v python3 >/dev/null 2>&1 || { echo "messaging.sh needs python3 for the summary" >&2; exit 1; }

if $build || [[ ! -f benchmarks/jmh/target/jmh-classpath.txt ]]; then
	./mvnw -q -B -DskipTests -pl benchmarks/jmh -am package
fi
JMH_CP="benchmarks/jmh/target/classes:$(cat benchmarks/jmh/target/jmh-classpath.txt)"
rm -rf "$OUT"
mkdir -p "$OUT"

variants=(untraced starter observation)
started=$SECONDS
for ((round = 1; round <= ROUNDS; round++)); do
	for ((i = 0; i < ${#variants[@]}; i++)); do
		variant=${variants[$(((i + round) % ${#variants[@]}))]}
		echo "round $round/$ROUNDS: $variant ($((SECONDS - started)) s)"
		java -cp "$JMH_CP" org.openjdk.jmh.Main 'dev.tracing.bench.jmh.MessagingBenchmark' -p "variant=$variant" \
			-f 1 -wi 3 -w 500ms -i 4 -r 500ms -prof gc -rf json -rff "$OUT/round-$round-$variant.json" \
			>"$OUT/round-$round-$variant.log" 2>&1 || { tail -30 "$OUT/round-$round-$variant.log"; exit 1; }
	done
done
echo "$ROUNDS rounds in $((SECONDS - started)) s; load average now: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo

python3 - "$OUT" <<'PY'
import glob, json, os, re, statistics, sys

out = sys.argv[1]
scores = {}  # (benchmark, variant) -> {round: (ns/op, B/op)}
for path in glob.glob(os.path.join(out, "round-*.json")):
    round_ = int(re.search(r"round-(\d+)-", path).group(1))
    for result in json.load(open(path)):
        bench = result["benchmark"].rsplit(".", 1)[1]
        variant = result["params"]["variant"]
        ns = result["primaryMetric"]["score"]
        alloc = result["secondaryMetrics"]["gc.alloc.rate.norm"]["score"]
        scores.setdefault((bench, variant), {})[round_] = (ns, alloc)

titles = {"kafkaSendAndProcess": "Kafka: one message sent and processed", "redisCommand": "Redis: one command"}
print("| Operation | Variant | Time per op, median of rounds (min–max) | Extra time vs untraced, paired per round: median (min–max) | Allocated per op (min–max) | Extra allocation vs untraced |")
print("|---|---|---|---|---|---|")
for bench in ("kafkaSendAndProcess", "redisCommand"):
    base = scores.get((bench, "untraced"), {})
    base_alloc = statistics.median(a for _, a in base.values()) if base else None
    for variant in ("untraced", "starter", "observation"):
        rounds = scores.get((bench, variant), {})
        if not rounds:
            continue
        ns = [v[0] for v in rounds.values()]
        alloc = [v[1] for v in rounds.values()]
        paired = [rounds[r][0] - base[r][0] for r in rounds if r in base]
        extra = "" if variant == "untraced" else (
            f"+{statistics.median(paired):,.0f} ns ({min(paired):+,.0f} – {max(paired):+,.0f})")
        extra_alloc = "" if variant == "untraced" else f"+{statistics.median(alloc) - base_alloc:,.0f} B"
        print(f"| {titles[bench]} | {variant} | {statistics.median(ns):,.0f} ns ({min(ns):,.0f} – {max(ns):,.0f}) "
              f"| {extra} | {statistics.median(alloc):,.0f} B ({min(alloc):,.0f} – {max(alloc):,.0f}) | {extra_alloc} |")
print()
print(f"{len({r for v in scores.values() for r in v})} rounds; each cell of a round: 1 fork, 3 x 0.5 s warm-up, 4 x 0.5 s measured.")
PY
