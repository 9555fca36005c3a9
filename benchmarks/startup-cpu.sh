#!/usr/bin/env bash
# CPU time (all threads) of an application from `java` to its first /hello answer, on one core: steadier than wall time
# on a shared machine. Needs the sink of run.sh on 127.0.0.1:24318 (or any OTLP endpoint there) for traced variants.
#   benchmarks/startup-cpu.sh JAR PORT [APPLICATION ARGS...]
#   e.g. for i in 1 2 3; do benchmarks/startup-cpu.sh benchmarks/app-untraced/target/bench-app-untraced-*.jar 28080
#        benchmarks/startup-cpu.sh benchmarks/app-starter/target/bench-app-starter-*.jar 28081; done
set -euo pipefail
jar=$1 port=$2; shift 2
t0=$(date +%s%N)
taskset -c "${APP_CPU:-0}" java -Xms64m -Xmx512m -XX:+UseSerialGC -jar "$jar" --server.port="$port" \
	--bench.sink=http://127.0.0.1:24318 --spring.main.banner-mode=off --logging.level.root=WARN "$@" \
	> "/tmp/startup-cpu-$port.log" 2>&1 &
pid=$!
trap 'kill $pid 2> /dev/null; wait $pid 2> /dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/hello"; do
	kill -0 "$pid" 2> /dev/null || { tail -20 "/tmp/startup-cpu-$port.log" >&2; exit 1; }
	sleep 0.05
done
t1=$(date +%s%N)
# utime + stime, in clock ticks of 10 ms
cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$pid/stat")
echo "$(basename "$jar") $* wall $(((t1 - t0) / 1000000)) ms cpu $cpu ms"
