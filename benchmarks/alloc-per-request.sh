#!/usr/bin/env bash
# Bytes allocated per request by a whole bench application (every thread, from its /bench/allocated endpoint), after a
# 20 s warm-up, in three windows: a quick check of one change without the full run.sh. Same sink assumption as
# startup-cpu.sh.
#   benchmarks/alloc-per-request.sh JAR PORT ENDPOINT SECONDS [APPLICATION ARGS...]
#   e.g. benchmarks/alloc-per-request.sh benchmarks/app-starter/target/bench-app-starter-*.jar 28083 hello 10 \
#        --tracing.http.server.skip-patterns=/hello
set -euo pipefail
jar=$1 port=$2 endpoint=$3 seconds=$4; shift 4
taskset -c "${APP_CPU:-0}" java -Xms64m -Xmx512m -XX:+UseSerialGC -jar "$jar" --server.port="$port" \
	--bench.sink=http://127.0.0.1:24318 --spring.main.banner-mode=off --logging.level.root=WARN "$@" \
	> "/tmp/alloc-per-request-$port.log" 2>&1 &
pid=$!
trap 'kill $pid 2> /dev/null; wait $pid 2> /dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/hello"; do sleep 0.2; done
url="http://127.0.0.1:$port/$endpoint"
taskset -c "${LOAD_CPU:-1}" wrk -t1 -c16 -d20s "$url" > /dev/null
for window in 1 2 3; do
	before=$(curl -s "http://127.0.0.1:$port/bench/allocated" | tr -dc '0-9')
	requests=$(taskset -c "${LOAD_CPU:-1}" wrk -t1 -c16 -d"${seconds}s" "$url" | awk '/requests in/ {print $1}')
	after=$(curl -s "http://127.0.0.1:$port/bench/allocated" | tr -dc '0-9')
	echo "window $window: $(((after - before) / requests)) B per request ($requests requests)"
done
