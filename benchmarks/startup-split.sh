#!/usr/bin/env bash
# Start-up attribution: CPU time to the first /hello answer of several variants, fresh JVMs one at a time on one core,
# in a new random order in every alternation, split into the JIT compiler threads' CPU and the rest, and reported as
# the median over alternations of each variant's ratio to the first variant of the same alternation (paired: the
# host's drift cancels). interleaved.sh measures start-up for RESULTS.md; this script is for finding where a start-up
# difference comes from (jars, auto-configuration, the SDK) with variants built for the purpose.
#
#   benchmarks/startup-split.sh [--alternations N] [--jvm-options "..."] [--out FILE] NAME=JAR[:ARGS] ...
#   e.g. benchmarks/startup-split.sh --alternations 10 V0=untraced.jar V4=starter.jar:--tracing.enabled=false \
#            V1=starter.jar
#   --jvm-options -XX:TieredStopAtLevel=1 (C1 only) takes most of the compiler's run-to-run variance out.
#
# Needs: JDK 17, curl, taskset, python3. The OTLP sink of run.sh on 127.0.0.1:24318, or nothing: traced variants
# export after their first answer, when the process is already stopped. Port 28310 on 127.0.0.1; CPU 0 (APP_CPU).
set -euo pipefail
ALTERNATIONS=10
JVM_OPTIONS=""
OUT=""
while [ $# -gt 0 ]; do
	case "$1" in
		--alternations) ALTERNATIONS=$2; shift 2 ;;
		--jvm-options) JVM_OPTIONS=$2; shift 2 ;;
		--out) OUT=$2; shift 2 ;;
		-h|--help) sed -n '2,16p' "$0"; exit 0 ;;
		-*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
		*) break ;;
	esac
done
[ $# -ge 2 ] || { echo "give at least two variants NAME=JAR[:ARGS] (the first is the baseline)" >&2; exit 2; }
[[ "$ALTERNATIONS" =~ ^[1-9][0-9]*$ ]] || { echo "--alternations must be a positive number, got '$ALTERNATIONS'" >&2; exit 2; }
OUT=${OUT:-$(mktemp /tmp/startup-split-XXXXXX.tsv)}
PORT=${PORT:-28310}
declare -A JAR ARGS
NAMES=()
for spec in "$@"; do
	name=${spec%%=*} rest=${spec#*=}
	JAR[$name]=${rest%%:*}
	ARGS[$name]=""
	[[ "$rest" == *:* ]] && ARGS[$name]=${rest#*:}
	[ -f "${JAR[$name]}" ] || { echo "$name: no jar ${JAR[$name]}" >&2; exit 2; }
	NAMES+=("$name")
done

# One start: CPU of every thread of the process when /hello first answers, the process stopped before it is read.
start_once() { # start_once ALTERNATION NAME
	local alt=$1 name=$2 pid t ticks comm total=0 jit=0
	# shellcheck disable=SC2086 # JVM options and application arguments are word lists
	taskset -c "${APP_CPU:-0}" java $JVM_OPTIONS -Xms64m -Xmx512m -XX:+UseSerialGC -jar "${JAR[$name]}" \
		--server.port="$PORT" --bench.sink=http://127.0.0.1:24318 --spring.main.banner-mode=off \
		--logging.level.root=WARN ${ARGS[$name]} > "/tmp/startup-split-$name.log" 2>&1 &
	pid=$!
	until curl -sf -o /dev/null "http://127.0.0.1:$PORT/hello"; do
		kill -0 "$pid" 2> /dev/null || { tail -20 "/tmp/startup-split-$name.log" >&2; exit 1; }
		sleep 0.02
	done
	kill -STOP "$pid"
	for t in /proc/"$pid"/task/*; do
		ticks=$(awk '{print $14 + $15}' "$t/stat" 2> /dev/null || echo 0)
		comm=$(cat "$t/comm" 2> /dev/null || true)
		total=$((total + ticks))
		case "$comm" in "C1 CompilerThre"*|"C2 CompilerThre"*) jit=$((jit + ticks)) ;; esac
	done
	kill -9 "$pid"
	wait "$pid" 2> /dev/null || true
	# clock ticks of 10 ms
	printf '%s\t%s\t%s\t%s\t%s\n' "$alt" "$name" "$((total * 10))" "$((jit * 10))" "$(((total - jit) * 10))" >> "$OUT"
}

printf 'alternation\tvariant\tcpu_ms\tjit_ms\tother_ms\n' > "$OUT"
for ((alt = 1; alt <= ALTERNATIONS; alt++)); do
	for name in $(printf '%s\n' "${NAMES[@]}" | shuf); do start_once "$alt" "$name"; done
	echo "alternation $alt of $ALTERNATIONS done" >&2
done
python3 - "$OUT" "${NAMES[@]}" <<'PY'
import collections, statistics, sys
path, names = sys.argv[1], sys.argv[2:]
rows = [line.rstrip("\n").split("\t") for line in open(path)][1:]
by_alt = collections.defaultdict(dict)
for alt, name, *figures in rows:
    by_alt[alt][name] = [int(f) for f in figures]
print(f"{len(by_alt)} alternations, raw data in {path}; ratio to {names[0]} of the same alternation, "
      "median [interquartile range]; absolute medians in ms")
for column, label in enumerate(("CPU to first answer", "JIT threads", "other threads")):
    print(label)
    for name in names:
        ratios = sorted(a[name][column] / a[names[0]][column] for a in by_alt.values() if a[names[0]][column])
        absolute = statistics.median(a[name][column] for a in by_alt.values())
        q = len(ratios) // 4
        print(f"  {name:<6} {statistics.median(ratios):.3f}x [{ratios[q]:.3f}-{ratios[-q - 1]:.3f}]  {absolute:.0f} ms")
PY
