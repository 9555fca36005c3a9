#!/usr/bin/env bash
# Interleaved A/B measurement of the tracing overhead: a measurement that a shared, noisy machine cannot fool.
#
# For each application shape (bare: webmvc + restclient only; actuator: plus Actuator and a Prometheus meter
# registry), every variant's JVM is started and warmed up, then the variants are visited in turn in short windows,
# in a new random order in every alternation, and every window's figure is divided by the untraced application's
# (V0) figure of the same alternation. Per request: CPU time of the server process only (utime + stime from
# /proc/<pid>/stat over the window, divided by the requests served) and bytes allocated by the server (its
# /bench/allocated endpoint: every live thread's allocation counter). Start-up: CPU time of the process when its
# first request is answered, fresh JVMs, in a new random order in every alternation. V0b, a second untraced
# instance, is the noise row. benchmarks/interleaved.py turns the raw output into tables (RESULTS.md).
#
#   benchmarks/interleaved.sh --quick                  # one shape, 3 alternations, 1 start-up round: a smoke test
#   benchmarks/interleaved.sh                          # both shapes, 10 alternations of 1 s windows, start-ups
#
# Options: --shapes "bare actuator", --alternations N, --window S (seconds per window, whole seconds: wrk),
# --warmup S (all variants at once, after the launches), --startups N (start-up alternations per shape),
# --startup-shapes "bare" (shapes whose start-up is measured), --startup-until HH:MM (UTC; stop starting new
# start-up alternations after it, at least 1 is run), --profile "V2z:hello V1:chain" (JFR, 15 s under load, after the
# alternations; bare shape only), --connections N, --no-build (use the jars of an earlier build: --jars DIR),
# --out DIR, --hold-starter DIR (launch and warm the peers first, our starter's variants from
# DIR/<shape>/bench-app-starter.jar once DIR/ready exists, warmed for --late-warmup S).
#
# Needs: JDK 17 (java, jcmd, jfr), wrk (apt-get install -y wrk), curl, taskset, python3. Traffic to 127.0.0.1 only.
# The server runs on CPU 0, wrk and the OTLP sink on CPU 1, at nice -10 when run as root. Ports: the sink on 24318,
# the applications on 28100-28139 (steady state) and 28200-28219 (start-ups).
set -euo pipefail

# BENCH_DIR may be set: a copy of this script run from elsewhere (a script edited while bash runs it breaks).
BENCH_DIR=${BENCH_DIR:-$(cd "$(dirname "$0")" && pwd)}
ROOT=$(cd "$BENCH_DIR/.." && pwd)

SHAPES="bare actuator"
ALTERNATIONS=10
WINDOW=1
WARMUP=150
STARTUPS=10
STARTUP_SHAPES="bare actuator"
STARTUP_UNTIL=""
PROFILE=""
CONNECTIONS=16
BUILD=1
HOLD_STARTER=""
ONLY_VARIANTS=""
LATE_WARMUP=""
JARS=""
OUT=""
NICE=${NICE:--10}
[ "$(id -u)" = 0 ] || NICE=0
APP_CPU=${APP_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
SINK_PORT=${SINK_PORT:-24318}
PORT_BASE=${PORT_BASE:-28100}
STARTUP_PORT_BASE=${STARTUP_PORT_BASE:-28200}
SEED=${SEED:-$(date +%s)}
ORIGINAL_ARGS="benchmarks/interleaved.sh${*:+ $*}"

while [ $# -gt 0 ]; do
	case "$1" in
		--quick) SHAPES="bare"; ALTERNATIONS=3; WARMUP=60; STARTUPS=1; STARTUP_SHAPES="bare" ;;
		--shapes) SHAPES=$2; shift ;;
		--alternations) ALTERNATIONS=$2; shift ;;
		--window) WINDOW=$2; shift ;;
		--warmup) WARMUP=$2; shift ;;
		--startups) STARTUPS=$2; shift ;;
		--startup-shapes) STARTUP_SHAPES=$2; shift ;;
		--startup-until) STARTUP_UNTIL=$2; shift ;;
		--profile) PROFILE=$2; shift ;;
		--hold-starter) HOLD_STARTER=$2; shift ;;
		--variants) ONLY_VARIANTS=$2; shift ;;
		--late-warmup) LATE_WARMUP=$2; shift ;;
		--connections) CONNECTIONS=$2; shift ;;
		--no-build) BUILD=0 ;;
		--jars) JARS=$2; shift ;;
		--out) OUT=$2; shift ;;
		-h|--help) sed -n '2,26p' "$0"; exit 0 ;;
		*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
for shape in $SHAPES $STARTUP_SHAPES; do
	case "$shape" in bare|actuator) ;; *) echo "unknown shape '$shape' (bare or actuator)" >&2; exit 2 ;; esac
done
LATE_WARMUP=${LATE_WARMUP:-$WARMUP}
[[ "$WINDOW" =~ ^[1-9][0-9]*$ ]] || { echo "--window must be whole seconds (wrk's resolution), got '$WINDOW'" >&2; exit 2; }
[[ "$ALTERNATIONS" =~ ^[1-9][0-9]*$ ]] || { echo "--alternations must be a positive number, got '$ALTERNATIONS'" >&2; exit 2; }

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$BENCH_DIR/target/interleaved-$STAMP}
mkdir -p "$OUT/logs" "$OUT/wrk" "$OUT/profile"
JARS=${JARS:-$OUT/jars}
source "$(dirname "$0")/common.sh"

require_tools

machine_info "shapes=$SHAPES alternations=$ALTERNATIONS window=${WINDOW}s warmup=${WARMUP}s startups=$STARTUPS startup_shapes=$STARTUP_SHAPES startup_until=${STARTUP_UNTIL:-none} connections=$CONNECTIONS app_cpu=$APP_CPU load_cpu=$LOAD_CPU nice=$NICE seed=$SEED"
log "results in $OUT"

# ---------------------------------------------------------------------------------------------------- build
# One build per shape (-Dbench.shape=..., see bench-app/pom.xml); the repackaged jars are self-contained and copied
# to $JARS/<shape>/ so that both shapes' jars exist side by side.
APPS=(app-untraced app-starter app-boot-otel app-otel-starter)
if [ "$BUILD" = 1 ]; then
	for shape in $(printf '%s\n' $SHAPES $STARTUP_SHAPES | sort -u); do
		log "building the $shape shape (tests skipped: ./mvnw verify runs them)"
		rm -f "$BENCH_DIR"/app-*/target/bench-app-*.jar "$BENCH_DIR"/app-*/target/bench-app-*.jar.original
		(cd "$ROOT" && ./mvnw -B -q -Dmaven.test.skip=true -Pbench-agent -Dbench.shape="$shape" -pl \
			benchmarks/sink,benchmarks/app-untraced,benchmarks/app-starter,benchmarks/app-boot-otel,benchmarks/app-otel-starter \
			-am package) > "$OUT/logs/build-$shape.log" 2>&1 || { tail -40 "$OUT/logs/build-$shape.log"; exit 1; }
		mkdir -p "$JARS/$shape"
		for app in "${APPS[@]}"; do cp "$BENCH_DIR/$app"/target/bench-"$app"-*.jar "$JARS/$shape/bench-$app.jar"; done
	done
	cp "$BENCH_DIR"/sink/target/bench-sink-*.jar "$JARS/bench-sink.jar"
	cp "$BENCH_DIR/app-untraced/target/agent/opentelemetry-javaagent.jar" "$JARS/opentelemetry-javaagent.jar"
fi
for shape in $(printf '%s\n' $SHAPES $STARTUP_SHAPES | sort -u); do
	for app in "${APPS[@]}"; do
		[ -f "$JARS/$shape/bench-$app.jar" ] || { echo "missing $JARS/$shape/bench-$app.jar (build first, or --jars)" >&2; exit 1; }
	done
	unzip -l "$JARS/$shape/bench-app-starter.jar" 'BOOT-INF/lib/tracing-spring-boot-autoconfigure-*' \
		| awk -v s="$shape" 'NR == 4 {print "starter_jar_" s "=" $2 " " $3}' >> "$OUT/machine.txt"
	echo "actuator_jars_$shape=$(unzip -l "$JARS/$shape/bench-app-untraced.jar" | grep -c 'BOOT-INF/lib/spring-boot-actuator-' || true)" \
		>> "$OUT/machine.txt"
done
AGENT_JAR="$JARS/opentelemetry-javaagent.jar"
SINK_JAR="$JARS/bench-sink.jar"

# ---------------------------------------------------------------------------------------------------- variants
SINK="http://127.0.0.1:$SINK_PORT"
VARIANTS=(V0 V0b V1 V2 V2z V3 V4 V5 V6 V7)
STARTUP_VARIANTS=(V0 V0b V1 V4 V5 V6 V7)
if [ -n "$ONLY_VARIANTS" ]; then # a subset, for a smoke test of the harness itself
	read -r -a VARIANTS <<< "$ONLY_VARIANTS"
	kept=()
	for v in "${STARTUP_VARIANTS[@]}"; do [[ " $ONLY_VARIANTS " == *" $v "* ]] && kept+=("$v"); done
	STARTUP_VARIANTS=("${kept[@]}")
fi
ENDPOINTS=(hello chain)
JVM_COMMON="-Xms64m -Xmx512m -XX:+UseSerialGC"
declare -A APP ARGS JVM INDEX PID
i=0
for v in V0 V0b V1 V2 V2z V3 V4 V5 V6 V7; do INDEX[$v]=$i; i=$((i + 1)); done
APP[V0]=app-untraced; ARGS[V0]=""; JVM[V0]=""
APP[V0b]=app-untraced; ARGS[V0b]=""; JVM[V0b]=""
APP[V1]=app-starter; ARGS[V1]="--tracing.sampling.ratio=1.0"; JVM[V1]=""
APP[V2]=app-starter; ARGS[V2]="--tracing.sampling.ratio=0.1"; JVM[V2]=""
APP[V2z]=app-starter; ARGS[V2z]="--tracing.sampling.ratio=0.0"; JVM[V2z]=""
APP[V3]=app-starter; ARGS[V3]="--tracing.sampling.ratio=1.0 --tracing.http.server.skip-patterns=/hello,/chain,/bench/**,/actuator/**"; JVM[V3]=""
APP[V4]=app-starter; ARGS[V4]="--tracing.enabled=false"; JVM[V4]=""
APP[V5]=app-boot-otel; ARGS[V5]=""; JVM[V5]=""
APP[V6]=app-otel-starter; ARGS[V6]=""; JVM[V6]=""
APP[V7]=app-untraced; ARGS[V7]=""
JVM[V7]="-javaagent:$AGENT_JAR -Dotel.traces.exporter=otlp -Dotel.metrics.exporter=none \
-Dotel.logs.exporter=none -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint=$SINK \
-Dotel.propagators=tracecontext,baggage -Dotel.traces.sampler=parentbased_always_on -Dotel.bsp.schedule.delay=5000 \
-Dotel.bsp.max.queue.size=2048 -Dotel.bsp.max.export.batch.size=512"

cleanup() {
	for v in "${!PID[@]}"; do kill "${PID[$v]}" 2> /dev/null || true; done
	jobs -p | xargs -r kill 2> /dev/null || true
	[ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2> /dev/null || true
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# CPU ticks of a process's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"): a JVM that is still compiling
# pays for it inside the window, on top of its requests, so the summary reports it apart.
jit_ticks() {
	local t sum=0 v
	for t in /proc/"$1"/task/*; do
		case "$(cat "$t/comm" 2> /dev/null)" in
			C[12]\ CompilerThre*) v=$(sed 's/^.*) //' "$t/stat" 2> /dev/null | awk '{print $12 + $13}') && sum=$((sum + ${v:-0})) ;;
		esac
	done
	echo "$sum"
}
# Busy ticks of one CPU (every process on it: shows how much of the server's core others took).
cpu_busy() { awk -v c="cpu$1" '$1 == c {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
allocated() { taskset -c "$LOAD_CPU" curl -sf "http://127.0.0.1:$1/bench/allocated" | tr -dc '0-9'; }

# start VARIANT SHAPE PORT CPUS LOGFILE: starts one application in the background, its pid in STARTED_PID. Tomcat
# keeps 32 pool threads in every variant: a thread ended between two windows would take its allocation counter (and
# the bytes it allocated) out of /bench/allocated's sum.
start() {
	local v=$1 shape=$2 port=$3 cpus=$4 logfile=$5 extra="" jar service="bench-$2-$1" jvm=${JVM[$1]}
	[ "$shape" = actuator ] && extra="--management.endpoints.web.exposure.include=health,prometheus"
	[ "$v" = V6 ] && extra="$extra --otel.service.name=$service"
	[ "$v" = V7 ] && jvm="$jvm -Dotel.service.name=$service"
	jar="$JARS/$shape/bench-${APP[$v]}.jar"
	if [ -n "$HOLD_STARTER" ] && is_starter "$v"; then jar="$HOLD_STARTER/$shape/bench-${APP[$v]}.jar"; fi
	# shellcheck disable=SC2086
	nice -n "$NICE" taskset -c "$cpus" java $JVM_COMMON $jvm -jar "$jar" \
		--server.port="$port" --bench.sink="$SINK" --spring.application.name="$service" \
		--spring.main.banner-mode=off --logging.level.root=WARN --server.tomcat.threads.min-spare=32 $extra ${ARGS[$v]} \
		> "$logfile" 2>&1 &
	STARTED_PID=$!
}

# wait_first_answer PID PORT LOGFILE CURL_CPU: polls /hello until it answers 200.
wait_first_answer() {
	local pid=$1 port=$2 logfile=$3 cpu=$4 t0
	t0=$(now_ms)
	until taskset -c "$cpu" curl -sf -o /dev/null "http://127.0.0.1:$port/hello"; do
		if ! kill -0 "$pid" 2> /dev/null; then tail -30 "$logfile" >&2; echo "process $pid ($logfile) died" >&2; return 1; fi
		if [ $(($(now_ms) - t0)) -gt 300000 ]; then echo "$logfile: no answer after 300 s" >&2; return 1; fi
		sleep 0.02
	done
}

stop_pid() {
	local pid=$1
	kill "$pid" 2> /dev/null || true
	for _ in $(seq 1 200); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
	kill -9 "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
}

# Sets the CPUs of every thread of a process; twice, so that a thread created during the first pass is caught by the
# second. taskset -a stops at a thread that ended meanwhile: then thread by thread.
pin() {
	local pass tid
	for pass in 1 2; do
		taskset -a -p -c "$2" "$1" > /dev/null 2>&1 && continue
		for tid in $(ls "/proc/$1/task" 2> /dev/null); do taskset -p -c "$2" "$tid" > /dev/null 2>&1 || true; done
	done
}

wrk_run() { # wrk_run SECONDS OUTFILE URL [wrk options]
	local seconds=$1 out=$2 url=$3
	shift 3
	nice -n "$NICE" taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" "$@" "$url" > "$out" 2>&1 || true
}

sink_stats() { curl -sf "$SINK/stats"; }

# ---------------------------------------------------------------------------------------------------- sink
log "starting the OTLP sink on 127.0.0.1:$SINK_PORT (CPU $LOAD_CPU)"
nice -n "$NICE" taskset -c "$LOAD_CPU" java -Xmx512m -XX:+UseSerialGC -jar "$SINK_JAR" "$SINK_PORT" > "$OUT/logs/sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 600); do curl -sf -o /dev/null "$SINK/stats" && break; sleep 0.1; done
curl -sf -o /dev/null "$SINK/stats" || { cat "$OUT/logs/sink.log" >&2; echo "the sink did not start" >&2; exit 1; }

printf 'shape\talternation\tendpoint\tposition\tvariant\twrk\tcpu_ticks\talloc_bytes\tcpu0_busy_ticks\tload1\tjit_ticks\n' > "$OUT/windows.tsv"
printf 'shape\talternation\tcpu\tvariant\tstartup_cpu_ticks\twall_ms\tboot_reported_s\n' > "$OUT/startup.tsv"
printf 'shape\tvariant\tkind\tfile\n' > "$OUT/requests.tsv"
printf 'shape\tcpu\tvariant\tstartup_cpu_ticks\twall_ms\n' > "$OUT/launches.tsv"
printf 'shape\tcheck\tresult\n' > "$OUT/checks.tsv"

# ---------------------------------------------------------------------------------------------------- steady state
# Every shape's variants run at once (ports PORT_BASE + 20 * shape + variant), so that the JVMs warmed up once serve
# every alternation. With --hold-starter DIR, the variants of our starter (V1-V4) are launched only once DIR/ready
# exists, from DIR/<shape>/bench-app-starter.jar: the peers warm up while the starter is being rebuilt.
declare -A SHAPE_INDEX=([bare]=0 [actuator]=1)
port_of() { echo $((PORT_BASE + 20 * SHAPE_INDEX[$1] + INDEX[$2])); }
STARTER_VARIANTS=(V1 V2 V2z V3 V4)
is_starter() { [[ " ${STARTER_VARIANTS[*]} " == *" $1 "* ]]; }

# launch_keep SHAPE CPU VARIANT: starts a variant on one CPU and leaves it running (pid in logs/SHAPE-VARIANT.pid);
# its CPU time to the first answer goes to launches.tsv (for information: these launches are not interleaved).
launch_keep() {
	local shape=$1 cpu=$2 v=$3 port t0 t1 ticks logfile="$OUT/logs/$1-$3.log"
	port=$(port_of "$shape" "$v")
	t0=$(now_ms)
	start "$v" "$shape" "$port" "$cpu" "$logfile"
	echo "$STARTED_PID" > "$OUT/logs/$shape-$v.pid"
	wait_first_answer "$STARTED_PID" "$port" "$logfile" "$cpu" || return 1
	ticks=$(cpu_ticks "$STARTED_PID")
	t1=$(now_ms)
	printf '%s\t%s\t%s\t%s\t%s\n' "$shape" "$cpu" "$v" "$ticks" "$((t1 - t0))" >> "$OUT/launches.tsv"
}

# launch_all "SHAPE:VARIANT ...": two at a time, one on each CPU.
launch_all() {
	local items=($1) k lanes shape v
	for ((k = 0; k < ${#items[@]}; k += 2)); do
		lanes=()
		launch_keep "${items[$k]%%:*}" "$APP_CPU" "${items[$k]#*:}" &
		lanes+=($!)
		if [ $((k + 1)) -lt ${#items[@]} ]; then
			launch_keep "${items[$((k + 1))]%%:*}" "$LOAD_CPU" "${items[$((k + 1))]#*:}" &
			lanes+=($!)
		fi
		wait "${lanes[@]}" || true
	done
	for k in "${items[@]}"; do
		shape=${k%%:*} v=${k#*:}
		PID[$k]=$(cat "$OUT/logs/$shape-$v.pid")
		kill -0 "${PID[$k]}" 2> /dev/null || { tail -30 "$OUT/logs/$shape-$v.log" >&2; echo "[$shape] $v did not start" >&2; exit 1; }
	done
}

# warm_all "SHAPE:VARIANT ..." SECONDS: every one at once, on both CPUs (the JIT compilers get the second core),
# /hello and /chain in turn; then every thread pinned to the server's CPU. Under other builds' load a JVM here needs
# minutes of such traffic before its CPU time per request stops falling.
warm_all() {
	local items=($1) seconds=$2 k warmers=()
	for k in "${items[@]}"; do
		pin "${PID[$k]}" "$APP_CPU,$LOAD_CPU"
		nice -n "$NICE" wrk -t1 -c2 -d"${seconds}s" -s "$BENCH_DIR/warmup-hello-chain.lua" \
			"http://127.0.0.1:$(port_of "${k%%:*}" "${k#*:}")/" > "$OUT/wrk/${k%%:*}-${k#*:}-warmup-$seconds.txt" 2>&1 &
		warmers+=($!)
		printf '%s\t%s\t%s\t%s\n' "${k%%:*}" "${k#*:}" "mixed" "wrk/${k%%:*}-${k#*:}-warmup-$seconds.txt" >> "$OUT/requests.tsv"
	done
	wait "${warmers[@]}" || true
	for k in "${items[@]}"; do pin "${PID[$k]}" "$APP_CPU"; done
}

# The shape is what it says: Actuator answers (with a Prometheus timer of /hello) only in the actuator shape.
check_shape() {
	local shape=$1 port code
	port=$(port_of "$shape" V0)
	code=$(curl -s -o "$OUT/logs/$shape-V0-prometheus.txt" -w '%{http_code}' "http://127.0.0.1:$port/actuator/prometheus" || true)
	if [ "$shape" = actuator ]; then
		grep -q '^http_server_requests_seconds_count{.*uri="/hello"' "$OUT/logs/$shape-V0-prometheus.txt" \
			|| { echo "actuator shape: V0's /actuator/prometheus has no http_server_requests timer for /hello" >&2; exit 1; }
		printf '%s\tV0 /actuator/prometheus\t%s, http_server_requests timer present\n' "$shape" "$code" >> "$OUT/checks.tsv"
	else
		[ "$code" = 404 ] || { echo "bare shape: V0's /actuator/prometheus answered $code, expected 404" >&2; exit 1; }
		printf '%s\tV0 /actuator/prometheus\t%s (no Actuator)\n' "$shape" "$code" >> "$OUT/checks.tsv"
	fi
}

alternations() {
	local shape=$1 alt ep pos v port pid a0 a1 c0 c1 b0 b1 j0 j1 name last_alt=0
	"$PYTHON" "$BENCH_DIR/interleaved.py" schedule "$SEED-$shape" "$ALTERNATIONS" "${ENDPOINTS[*]}" "${VARIANTS[*]}" \
		> "$OUT/schedule-$shape.tsv"
	while IFS=$'\t' read -r alt ep pos v; do
		[ "$alt" = alternation ] && continue
		if [ "$alt" != "$last_alt" ]; then
			log "[$shape] alternation $alt/$ALTERNATIONS, load $(cut -d' ' -f1-3 /proc/loadavg)"
			last_alt=$alt
		fi
		port=$(port_of "$shape" "$v")
		pid=${PID[$shape:$v]}
		name="$shape-a$alt-$ep-$v"
		a0=$(allocated "$port")
		c0=$(cpu_ticks "$pid")
		j0=$(jit_ticks "$pid")
		b0=$(cpu_busy "$APP_CPU")
		wrk_run "$WINDOW" "$OUT/wrk/$name.txt" "http://127.0.0.1:$port/$ep"
		c1=$(cpu_ticks "$pid")
		j1=$(jit_ticks "$pid")
		b1=$(cpu_busy "$APP_CPU")
		a1=$(allocated "$port")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$alt" "$ep" "$pos" "$v" "wrk/$name.txt" \
			"$((c1 - c0))" "$((a1 - a0))" "$((b1 - b0))" "$(cut -d' ' -f1 /proc/loadavg)" "$((j1 - j0))" >> "$OUT/windows.tsv"
		printf '%s\t%s\t%s\t%s\n' "$shape" "$v" "$ep" "wrk/$name.txt" >> "$OUT/requests.tsv"
	done < "$OUT/schedule-$shape.tsv"
}

profile() {
	local shape=bare target v ep port jfr_file
	for target in $PROFILE; do
		v=${target%%:*} ep=${target#*:}
		port=$(port_of "$shape" "$v")
		jfr_file="$OUT/profile/$shape-$v-$ep.jfr"
		log "[$shape] profiling $v /$ep with JFR (15 s under load)"
		jcmd "${PID[$shape:$v]}" JFR.start name=bench settings=profile filename="$jfr_file" > /dev/null
		wrk_run 15 "$OUT/profile/$shape-$v-$ep-wrk.txt" "http://127.0.0.1:$port/$ep"
		printf '%s\t%s\t%s\t%s\n' "$shape" "$v" "$ep" "profile/$shape-$v-$ep-wrk.txt" >> "$OUT/requests.tsv"
		jcmd "${PID[$shape:$v]}" JFR.stop name=bench > /dev/null
	done
}

steady() {
	local early=() late=() shape v k keep=0
	for shape in $SHAPES; do
		for v in "${VARIANTS[@]}"; do
			if [ -n "$HOLD_STARTER" ] && is_starter "$v"; then late+=("$shape:$v"); else early+=("$shape:$v"); fi
		done
	done
	log "launching ${early[*]}"
	launch_all "${early[*]}"
	log "all answering; load $(cut -d' ' -f1-3 /proc/loadavg); warm-up ${WARMUP}s"
	warm_all "${early[*]}" "$WARMUP"
	if [ ${#late[@]} -gt 0 ]; then
		log "waiting for $HOLD_STARTER/ready (our starter's jars)"
		until [ -f "$HOLD_STARTER/ready" ]; do
			# The warm variants are kept warm, a little, while they wait.
			keep=$((keep + 1))
			for k in "${early[@]}"; do
				wrk_run 1 "$OUT/wrk/${k%%:*}-${k#*:}-keep-$keep.txt" "http://127.0.0.1:$(port_of "${k%%:*}" "${k#*:}")/hello" -c2
				printf '%s\t%s\t%s\t%s\n' "${k%%:*}" "${k#*:}" "hello" "wrk/${k%%:*}-${k#*:}-keep-$keep.txt" >> "$OUT/requests.tsv"
			done
			sleep 5
		done
		for shape in $SHAPES; do
			unzip -l "$HOLD_STARTER/$shape/bench-app-starter.jar" 'BOOT-INF/lib/tracing-spring-boot-autoconfigure-*' \
				| awk -v s="$shape" 'NR == 4 {print "starter_jar_" s "_held=" $2 " " $3}' >> "$OUT/machine.txt"
		done
		echo "starter_commit=$(cat "$HOLD_STARTER/commit" 2> /dev/null || echo '?')" >> "$OUT/machine.txt"
		log "launching ${late[*]}"
		launch_all "${late[*]}"
		log "all answering; load $(cut -d' ' -f1-3 /proc/loadavg); warm-up ${LATE_WARMUP}s"
		warm_all "${late[*]}" "$LATE_WARMUP"
	fi
	for shape in $SHAPES; do check_shape "$shape"; done
	for shape in $SHAPES; do
		alternations "$shape"
		[ -n "$PROFILE" ] && [ "$shape" = bare ] && profile
	done

	log "stopping the variants (each flushes its pending spans on shutdown)"
	for k in "${!PID[@]}"; do kill "${PID[$k]}" 2> /dev/null || true; done
	for k in "${!PID[@]}"; do stop_pid "${PID[$k]}"; unset "PID[$k]"; done
	sleep 1
	sink_stats > "$OUT/sink.json"
	if [ -n "$PROFILE" ]; then
		for target in $PROFILE; do
			local base="$OUT/profile/bare-${target%%:*}-${target#*:}"
			jfr print --json --stack-depth 16 --events jdk.ExecutionSample,jdk.ObjectAllocationSample "$base.jfr" > "$base.json"
			"$PYTHON" "$BENCH_DIR/summarize.py" profile "$base.json" "$base-wrk.txt" > "$base.txt" || true
			rm -f "$base.json"
		done
	fi
}

# ---------------------------------------------------------------------------------------------------- start-up
# Fresh JVMs, two at a time (one on each CPU: the measure is the process's own CPU time, not the wall time), the
# order drawn anew in every alternation; each variant starts on either CPU over the alternations.
startup_one() { # startup_one SHAPE ALTERNATION CPU VARIANT
	local shape=$1 alt=$2 cpu=$3 v=$4 port t0 t1 ticks boot logfile
	port=$((STARTUP_PORT_BASE + INDEX[$v]))
	logfile="$OUT/logs/startup-$shape-a$alt-$v.log"
	t0=$(now_ms)
	start "$v" "$shape" "$port" "$cpu" "$logfile"
	local pid=$STARTED_PID
	if wait_first_answer "$pid" "$port" "$logfile" "$cpu"; then
		ticks=$(cpu_ticks "$pid")
		t1=$(now_ms)
		boot=$(grep -o 'process running for [0-9.]*' "$logfile" | head -1 | awk '{print $4}' || true)
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$alt" "$cpu" "$v" "$ticks" "$((t1 - t0))" "${boot:-}" >> "$OUT/startup.tsv"
	fi
	stop_pid "$pid"
}

startups() {
	local shape=$1 alt lane0 lane1 v
	curl -sf -X POST -o /dev/null "$SINK/reset"
	"$PYTHON" "$BENCH_DIR/interleaved.py" schedule "$SEED-startup-$shape" "$STARTUPS" "startup" "${STARTUP_VARIANTS[*]}" \
		> "$OUT/schedule-startup-$shape.tsv"
	for ((alt = 1; alt <= STARTUPS; alt++)); do
		if [ -n "$STARTUP_UNTIL" ] && [ "$alt" -gt 1 ] && [[ "$(date -u +%H:%M)" > "$STARTUP_UNTIL" ]]; then
			log "[$shape] start-up: stopping after $((alt - 1)) alternations (--startup-until $STARTUP_UNTIL)"
			break
		fi
		local order=()
		while IFS=$'\t' read -r a _ _ v; do [ "$a" = "$alt" ] && order+=("$v"); done < "$OUT/schedule-startup-$shape.tsv"
		log "[$shape] start-up alternation $alt/$STARTUPS: ${order[*]}, load $(cut -d' ' -f1-3 /proc/loadavg)"
		# Two lanes, one per CPU; which variant gets which lane follows the drawn order.
		(for ((k = 0; k < ${#order[@]}; k += 2)); do startup_one "$shape" "$alt" "$APP_CPU" "${order[$k]}"; done) &
		lane0=$!
		(for ((k = 1; k < ${#order[@]}; k += 2)); do startup_one "$shape" "$alt" "$LOAD_CPU" "${order[$k]}"; done) &
		lane1=$!
		wait "$lane0" "$lane1" || true
	done
	echo "startup_alternations_$shape=$((alt - 1))" >> "$OUT/machine.txt"
}

steady
for shape in $STARTUP_SHAPES; do startups "$shape"; done

kill "$SINK_PID" 2> /dev/null || true
wait "$SINK_PID" 2> /dev/null || true
SINK_PID=""
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
"$PYTHON" "$BENCH_DIR/interleaved.py" summarize "$OUT" > "$OUT/RESULTS-interleaved.md"
log "wrote $OUT/RESULTS-interleaved.md"
