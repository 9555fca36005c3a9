# Shared by run.sh and interleaved.sh, which source it after setting OUT, ROOT and ORIGINAL_ARGS.

# A timestamped line to stderr and to $OUT/run.log.
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

# Sets PYTHON and stops when a tool the benchmark needs is missing. pyenv-style shims take seconds to start on a
# loaded machine: the system interpreter is preferred.
require_tools() {
	PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
	local tool
	for tool in java jcmd jfr wrk curl taskset "$PYTHON"; do
		command -v "$tool" > /dev/null || { echo "$tool is missing (wrk: apt-get install -y wrk)" >&2; exit 1; }
	done
}

# Writes $OUT/machine.txt: the machine, the tools, the commit and the run's settings ($1).
machine_info() {
	{
		echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "nproc=$(nproc)"
		echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
		echo "memory=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
		echo "java=$(java -version 2>&1 | head -2 | tail -1)"
		echo "wrk=$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
		echo "commit=$(git -C "$ROOT" rev-parse --short HEAD)"
		echo "starter_dirty=$(git -C "$ROOT" status --porcelain -- tracing-spring-boot-autoconfigure tracing-spring-boot-starter | wc -l)"
		echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
		echo "command=$ORIGINAL_ARGS"
		echo "settings=$1"
	} > "$OUT/machine.txt"
}
