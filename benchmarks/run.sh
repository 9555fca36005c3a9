#!/usr/bin/env bash
# (The older, longer harness; benchmarks/interleaved.sh is the one RESULTS.md's tables come from.)
# Tracing overhead, side by side, in one run: the untraced application (V0) against our starter (V1-V4) and against
# Spring Boot's own OpenTelemetry starter (V5), OpenTelemetry's Spring Boot starter (V6) and the OpenTelemetry Java
# agent (V7). Every figure is a ratio to V0 measured in the same round, median over rounds, with a V0-against-V0
# noise row. See benchmarks/RESULTS.md for the last results and the method.
#
#   benchmarks/run.sh            # default: 2 launches of every variant x 3 rounds, JMH, profiles (~50 min)
#   benchmarks/run.sh --quick    # 1 launch x 2 short rounds, short JMH, no profile (~5-8 min idle, smoke test)
#
# Options: --epochs N (launches of every variant), --rounds N (rounds per launch), --duration S (seconds measured
# per variant and endpoint), --warmup S (seconds before each measurement), --startups N (extra start-up-only
# launches per variant), --connections N, --no-build, --no-jmh, --no-profile, --results FILE (default
# benchmarks/RESULTS.md for a full run, target/bench-<time>/RESULTS.md for --quick).
#
# Needs: JDK 17 (java, jcmd, jfr), wrk (apt-get install -y wrk), curl, taskset, python3. Sends traffic to
# 127.0.0.1 only. The server runs on CPU 0, wrk and the OTLP sink on CPU 1, all at nice -10 when run as root.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

QUICK=0
EPOCHS=2
ROUNDS=3
DURATION=6
WARMUP=2
FIRST_WARMUP=15
STARTUPS=1
CONNECTIONS=16
COUNT_REQUESTS=100
RUN_JMH=1
RUN_PROFILE=1
BUILD=1
RESULTS=""
# Other builds share the machine: the measured processes run at a higher priority (root only; NICE=0 to disable).
NICE=${NICE:--10}
[ "$(id -u)" = 0 ] || NICE=0
APP_CPU=${APP_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
SINK_PORT=${SINK_PORT:-24318}
APP_PORT_BASE=${APP_PORT_BASE:-28080}
JMH_OPTS="-wi 3 -w 2s -i 5 -r 2s -f 1"
ORIGINAL_ARGS="benchmarks/run.sh${*:+ $*}"

while [ $# -gt 0 ]; do
	case "$1" in
		--quick) QUICK=1; EPOCHS=1; ROUNDS=2; DURATION=2; WARMUP=1; FIRST_WARMUP=8; STARTUPS=0; COUNT_REQUESTS=20
			RUN_PROFILE=0; JMH_OPTS="-wi 1 -w 1s -i 2 -r 1s -f 1" ;;
		--epochs) EPOCHS=$2; shift ;;
		--rounds) ROUNDS=$2; shift ;;
		--duration) DURATION=$2; shift ;;
		--warmup) WARMUP=$2; shift ;;
		--startups) STARTUPS=$2; shift ;;
		--connections) CONNECTIONS=$2; shift ;;
		--no-build) BUILD=0 ;;
		--no-jmh) RUN_JMH=0 ;;
		--no-profile) RUN_PROFILE=0 ;;
		--results) RESULTS=$2; shift ;;
		-h|--help) sed -n '2,20p' "$0"; exit 0 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/target/bench-$STAMP"
mkdir -p "$OUT/logs" "$OUT/wrk" "$OUT/profile"
if [ -z "$RESULTS" ]; then
	if [ "$QUICK" = 1 ]; then RESULTS="$OUT/RESULTS.md"; else RESULTS="$BENCH_DIR/RESULTS.md"; fi
fi

source "$(dirname "$0")/common.sh"

require_tools

# ---------------------------------------------------------------------------------------------------- machine
machine_info "epochs=$EPOCHS rounds=$ROUNDS duration=${DURATION}s warmup=${WARMUP}s first_warmup=${FIRST_WARMUP}s startups=$STARTUPS connections=$CONNECTIONS app_cpu=$APP_CPU load_cpu=$LOAD_CPU nice=$NICE"
log "results in $OUT"

# ---------------------------------------------------------------------------------------------------- build
if [ "$BUILD" = 1 ]; then
	log "building (tests skipped: this is the benchmark build, ./mvnw verify runs them)"
	# The jar plugin keeps an unchanged module jar and repackaging then keeps its old libraries: remove the
	# applications' jars so that they are repackaged with the starter as it is now.
	rm -f "$BENCH_DIR"/app-*/target/bench-app-*.jar "$BENCH_DIR"/app-*/target/bench-app-*.jar.original
	# /actuator/health is one of the measured endpoints: the actuator shape (bench-app/pom.xml).
	(cd "$ROOT" && ./mvnw -B -q -Dmaven.test.skip=true -Pbench-agent -Dbench.shape=actuator -pl \
		benchmarks/sink,benchmarks/app-untraced,benchmarks/app-starter,benchmarks/app-boot-otel,benchmarks/app-otel-starter,benchmarks/jmh \
		-am package) > "$OUT/logs/build.log" 2>&1 || { tail -40 "$OUT/logs/build.log"; exit 1; }
fi
jar_of() { ls "$BENCH_DIR/$1"/target/bench-"$1"-*.jar | head -1; }
# Which starter the applications carry: the jar's date inside the app-starter jar, and the filter's own check sum.
unzip -l "$(jar_of app-starter)" 'BOOT-INF/lib/tracing-spring-boot-autoconfigure-*' | awk 'NR == 4 {print "starter_jar=" $2 " " $3}' \
	>> "$OUT/machine.txt"
SINK_JAR=$(ls "$BENCH_DIR"/sink/target/bench-sink-*.jar | head -1)
AGENT_JAR="$BENCH_DIR/app-untraced/target/agent/opentelemetry-javaagent.jar"
[ -f "$AGENT_JAR" ] || { echo "missing $AGENT_JAR: build with -Pbench-agent" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------- variants
SINK="http://127.0.0.1:$SINK_PORT"
VARIANTS=(V0 V0b V1 V2 V3 V4 V5 V6 V7)
ENDPOINTS=(hello chain work actuator/health)
JVM_COMMON="-Xms64m -Xmx512m -XX:+UseSerialGC"
declare -A JAR ARGS JVM PORT PID
i=0
for v in "${VARIANTS[@]}"; do PORT[$v]=$((APP_PORT_BASE + i)); i=$((i + 1)); done
JAR[V0]=$(jar_of app-untraced); ARGS[V0]=""; JVM[V0]=""
JAR[V0b]=${JAR[V0]}; ARGS[V0b]=""; JVM[V0b]=""
JAR[V1]=$(jar_of app-starter); ARGS[V1]="--tracing.sampling.ratio=1.0"; JVM[V1]=""
JAR[V2]=${JAR[V1]}; ARGS[V2]="--tracing.sampling.ratio=0.1"; JVM[V2]=""
JAR[V3]=${JAR[V1]}; ARGS[V3]="--tracing.sampling.ratio=1.0 --tracing.http.server.skip-patterns=/hello,/chain,/work,/actuator/**"; JVM[V3]=""
JAR[V4]=${JAR[V1]}; ARGS[V4]="--tracing.enabled=false"; JVM[V4]=""
JAR[V5]=$(jar_of app-boot-otel); ARGS[V5]=""; JVM[V5]=""
JAR[V6]=$(jar_of app-otel-starter); ARGS[V6]="--otel.service.name=bench-V6"; JVM[V6]=""
JAR[V7]=${JAR[V0]}; ARGS[V7]=""
JVM[V7]="-javaagent:$AGENT_JAR -Dotel.service.name=bench-V7 -Dotel.traces.exporter=otlp -Dotel.metrics.exporter=none \
-Dotel.logs.exporter=none -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint=$SINK \
-Dotel.propagators=tracecontext,baggage -Dotel.traces.sampler=parentbased_always_on -Dotel.bsp.schedule.delay=5000 \
-Dotel.bsp.max.queue.size=2048 -Dotel.bsp.max.export.batch.size=512"

cleanup() {
	for v in "${!PID[@]}"; do kill "${PID[$v]}" 2> /dev/null || true; done
	[ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2> /dev/null || true
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Starts a variant on CPU 0, waits for its first answer; prints the start-up time in ms.
launch() {
	local v=$1 tag=$2 port=${PORT[$1]} t0 t1
	local logfile="$OUT/logs/$v-$tag.log"
	t0=$(now_ms)
	# shellcheck disable=SC2086
	nice -n "$NICE" taskset -c "$APP_CPU" java $JVM_COMMON ${JVM[$v]} -jar "${JAR[$v]}" --server.port="$port" --bench.sink="$SINK" \
		--spring.application.name="bench-$v" --spring.main.banner-mode=off --logging.level.root=WARN \
		--logging.level.dev.tracing.bench=INFO ${ARGS[$v]} > "$logfile" 2>&1 &
	PID[$v]=$!
	until taskset -c "$LOAD_CPU" curl -sf -o /dev/null "http://127.0.0.1:$port/hello"; do
		if ! kill -0 "${PID[$v]}" 2> /dev/null; then tail -30 "$logfile" >&2; echo "$v died" >&2; exit 1; fi
		if [ $(($(now_ms) - t0)) -gt 240000 ]; then echo "$v did not start" >&2; exit 1; fi
		sleep 0.05
	done
	t1=$(now_ms)
	local boot
	boot=$(grep -o 'process running for [0-9.]*' "$logfile" | head -1 | awk '{print $4}')
	printf '%s\t%s\t%s\t%s\n' "$tag" "$v" "$((t1 - t0))" "${boot:-}" >> "$OUT/startup.tsv"
}

stop() {
	local v=$1 pid=${PID[$1]:-}
	[ -z "$pid" ] && return 0
	kill "$pid" 2> /dev/null || true
	for _ in $(seq 1 200); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
	kill -9 "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
	unset "PID[$v]"
}

cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
allocated() { curl -s "http://127.0.0.1:${PORT[$1]}/bench/allocated" | tr -dc '0-9'; }

# Runs wrk against one variant; counts the requests for the span bookkeeping.
load() {
	local v=$1 seconds=$2 out=$3 url=$4
	shift 4
	nice -n "$NICE" taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" "$@" "$url" > "$out" 2>&1 || true
}

measure() {
	local v=$1 ep=$2 round=$3 epoch=$4 pid=${PID[$1]} url="http://127.0.0.1:${PORT[$1]}/$2"
	local name="$v-${ep//\//_}-r$round"
	load "$v" "$WARMUP" "$OUT/wrk/$name-warmup.txt" "$url"
	local a0 c0 a1 c1
	a0=$(allocated "$v")
	c0=$(cpu_ticks "$pid")
	load "$v" "$DURATION" "$OUT/wrk/$name.txt" "$url" --latency
	c1=$(cpu_ticks "$pid")
	a1=$(allocated "$v")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$epoch" "$v" "$ep" "wrk/$name.txt" "$((c1 - c0))" \
		"$((a1 - a0))" >> "$OUT/raw.tsv"
}

rotate() { # rotate N words...: the words rotated left by 5N, reversed when N is odd (V0 moves through the order)
	local n=$1; shift
	local words=("$@") count=$# out=() k
	for ((k = 0; k < count; k++)); do out+=("${words[$(((k + 5 * n) % count))]}"); done
	if [ $((n % 2)) = 1 ]; then
		for ((k = count - 1; k >= 0; k--)); do printf '%s ' "${out[$k]}"; done
	else
		printf '%s ' "${out[@]}"
	fi
}

# ---------------------------------------------------------------------------------------------------- sink
log "starting the OTLP sink on 127.0.0.1:$SINK_PORT (CPU $LOAD_CPU)"
nice -n "$NICE" taskset -c "$LOAD_CPU" java -Xmx512m -XX:+UseSerialGC -jar "$SINK_JAR" "$SINK_PORT" > "$OUT/logs/sink.log" 2>&1 &
SINK_PID=$!
until curl -sf -o /dev/null "$SINK/stats"; do sleep 0.1; done

printf 'round\tepoch\tvariant\tendpoint\twrk\tcpu_ticks\talloc_bytes\n' > "$OUT/raw.tsv"
printf 'tag\tvariant\tstartup_ms\tboot_reported_s\n' > "$OUT/startup.tsv"
printf 'epoch\tvariant\trss_kb\thwm_kb\n' > "$OUT/rss.tsv"

round=0
for ((epoch = 1; epoch <= EPOCHS; epoch++)); do
	curl -sf -X POST -o /dev/null "$SINK/reset"
	read -r -a order <<< "$(rotate $((epoch - 1)) "${VARIANTS[@]}")"
	for v in "${order[@]}"; do
		log "epoch $epoch: starting $v (load $(cut -d' ' -f1 /proc/loadavg))"
		launch "$v" "e$epoch"
		load "$v" "$FIRST_WARMUP" "$OUT/wrk/$v-e$epoch-first-warmup.txt" "http://127.0.0.1:${PORT[$v]}/" \
			-s "$BENCH_DIR/warmup.lua"
	done

	if [ "$epoch" = 1 ]; then
		log "counting pass: $COUNT_REQUESTS sequential requests per endpoint and variant"
		sleep 7 # let every batch processor export what the warm-up left
		curl -sf -X POST -o /dev/null "$SINK/reset"
		curl -sf -X POST -o /dev/null "$SINK/detail"
		printf 'variant\tendpoint\trequests\tok\n' > "$OUT/count-requests.tsv"
		for v in "${VARIANTS[@]}"; do
			for ep in "${ENDPOINTS[@]}"; do
				config="$OUT/count-$v.curl"
				: > "$config"
				for _ in $(seq 1 "$COUNT_REQUESTS"); do
					printf 'url = "http://127.0.0.1:%s/%s"\noutput = "/dev/null"\n' "${PORT[$v]}" "$ep" >> "$config"
				done
				ok=$(taskset -c "$LOAD_CPU" curl -s -K "$config" -w '%{http_code}\n' | grep -c '^200$' || true)
				printf '%s\t%s\t%s\t%s\n' "$v" "$ep" "$COUNT_REQUESTS" "$ok" >> "$OUT/count-requests.tsv"
			done
		done
		sleep 8 # schedule delay 5 s, plus the export itself
		curl -s "$SINK/detail" > "$OUT/count-detail.json"
		curl -sf -X POST -o /dev/null "$SINK/reset"
	fi

	for ((r = 1; r <= ROUNDS; r++)); do
		round=$((round + 1))
		read -r -a order <<< "$(rotate $((round - 1)) "${VARIANTS[@]}")"
		log "round $round (epoch $epoch): order ${order[*]}, load $(cut -d' ' -f1-3 /proc/loadavg)"
		for ep in "${ENDPOINTS[@]}"; do
			for v in "${order[@]}"; do
				measure "$v" "$ep" "$round" "$epoch"
			done
		done
		echo "round=$round load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
	done

	for v in "${VARIANTS[@]}"; do
		printf '%s\t%s\t%s\t%s\n' "$epoch" "$v" "$(awk '/^VmRSS/ {print $2}' "/proc/${PID[$v]}/status")" \
			"$(awk '/^VmHWM/ {print $2}' "/proc/${PID[$v]}/status")" >> "$OUT/rss.tsv"
	done

	if [ "$RUN_PROFILE" = 1 ] && [ "$epoch" = "$EPOCHS" ]; then
		for target in "V1 hello" "V1 chain" "V2 hello" "V0 hello" "V5 hello" "V6 hello" "V7 hello"; do
			read -r v ep <<< "$target"
			jfr_file="$OUT/profile/$v-$ep.jfr"
			log "profiling $v /$ep with JFR (15 s under load)"
			jcmd "${PID[$v]}" JFR.start name=bench settings=profile filename="$jfr_file" > /dev/null
			load "$v" 15 "$OUT/profile/$v-$ep-wrk.txt" "http://127.0.0.1:${PORT[$v]}/$ep"
			jcmd "${PID[$v]}" JFR.stop name=bench > /dev/null
			jfr print --json --stack-depth 16 --events jdk.ExecutionSample,jdk.ObjectAllocationSample "$jfr_file" \
				> "$OUT/profile/$v-$ep.json"
			"$PYTHON" "$BENCH_DIR/summarize.py" profile "$OUT/profile/$v-$ep.json" "$OUT/profile/$v-$ep-wrk.txt" \
				> "$OUT/profile/$v-$ep.txt"
			rm -f "$OUT/profile/$v-$ep.json"
		done
	fi

	sleep 7 # last exports
	curl -s "$SINK/stats" > "$OUT/sink-stats-e$epoch.json"
	for v in "${VARIANTS[@]}"; do stop "$v"; done
done

# ---------------------------------------------------------------------------------------------------- start-up
for ((s = 1; s <= STARTUPS; s++)); do
	read -r -a order <<< "$(rotate $((s + EPOCHS)) "${VARIANTS[@]}")"
	for v in "${order[@]}"; do
		log "start-up only: $v ($s/$STARTUPS)"
		launch "$v" "s$s"
		stop "$v"
	done
done
kill "$SINK_PID" 2> /dev/null || true
wait "$SINK_PID" 2> /dev/null || true
SINK_PID=""

# ---------------------------------------------------------------------------------------------------- JMH
if [ "$RUN_JMH" = 1 ]; then
	log "JMH ($JMH_OPTS, -prof gc) on CPU $APP_CPU"
	JMH_CP="$BENCH_DIR/jmh/target/classes:$(cat "$BENCH_DIR/jmh/target/jmh-classpath.txt")"
	# shellcheck disable=SC2086
	nice -n "$NICE" taskset -c "$APP_CPU" java -cp "$JMH_CP" org.openjdk.jmh.Main $JMH_OPTS -prof gc -rf json -rff "$OUT/jmh.json" \
		'dev.tracing.bench.jmh.*' > "$OUT/logs/jmh.log" 2>&1 || { tail -30 "$OUT/logs/jmh.log"; exit 1; }
fi

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
"$PYTHON" "$BENCH_DIR/summarize.py" results "$OUT" > "$RESULTS"
log "wrote $RESULTS"
