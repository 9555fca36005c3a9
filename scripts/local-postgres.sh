#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for user-service's postgresql profile, without Docker: Debian's
# `postgresql` package (any version; apt-get install postgresql), initdb in a temporary directory, no system service.
#
#   scripts/local-postgres.sh start    initdb (first time) and start; creates role and database `users` (password `users`)
#   scripts/local-postgres.sh stop     stop the server (the data directory stays)
#   scripts/local-postgres.sh destroy  stop and delete the data directory
#   scripts/local-postgres.sh psql [args]   psql as the superuser, on database `users`
#
# Environment: PG_PORT (15432: not 5432, so that a system cluster or the compose stack may keep it), PG_DIR (the data
# directory; default ${TMPDIR:-/tmp}/tracing-demo-postgres-$PG_PORT), PG_BIN (the directory of initdb and pg_ctl;
# default the newest /usr/lib/postgresql/*/bin, else the PATH). Run as root, the server runs as the `postgres` user.
set -euo pipefail

PG_PORT=${PG_PORT:-15432}
PG_DIR=${PG_DIR:-${TMPDIR:-/tmp}/tracing-demo-postgres-$PG_PORT}
if [[ -z "${PG_BIN:-}" ]]; then
	PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [[ -z "$PG_BIN" ]] && command -v initdb >/dev/null 2>&1; then
		PG_BIN=$(dirname "$(command -v initdb)")
	fi
fi
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]]; then
	echo "local-postgres.sh: PostgreSQL's server binaries (initdb, pg_ctl) were not found; install them with" \
		"'apt-get install postgresql' or set PG_BIN to their directory." >&2
	exit 1
fi

as_owner() { # runs a command as the cluster's owner: postgres when we are root, ourselves otherwise
	if [[ $(id -u) == 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

psql_super() {
	as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres "$@"
}

start() {
	if [[ ! -f "$PG_DIR/PG_VERSION" ]]; then
		mkdir -p "$PG_DIR"
		[[ $(id -u) == 0 ]] && chown postgres: "$PG_DIR"
		as_owner "$PG_BIN/initdb" -D "$PG_DIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
			--encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR.initdb.log" 2>&1 ||
			{ cat "$PG_DIR.initdb.log" >&2; exit 1; }
		# As docker-compose.yml starts it (log_min_duration_statement=200); loopback only; a throwaway cluster
		# needs no durability (fsync off).
		cat >>"$PG_DIR/postgresql.conf" <<-EOF
			listen_addresses = '127.0.0.1'
			port = $PG_PORT
			unix_socket_directories = '$PG_DIR'
			log_min_duration_statement = 200
			fsync = off
			synchronous_commit = off
			full_page_writes = off
		EOF
	fi
	if as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
		echo "PostgreSQL already running on 127.0.0.1:$PG_PORT ($PG_DIR)"
	else
		as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null ||
			{ tail -n 20 "$PG_DIR/server.log" >&2; exit 1; }
		echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT ($PG_DIR; log: $PG_DIR/server.log)"
	fi
	psql_super -d postgres <<-'EOF'
		SELECT 'CREATE ROLE users LOGIN PASSWORD ''users''' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'users')\gexec
		SELECT 'CREATE DATABASE users OWNER users' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'users')\gexec
	EOF
}

stop() {
	if [[ -f "$PG_DIR/PG_VERSION" ]] && as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
		as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null
		echo "PostgreSQL on 127.0.0.1:$PG_PORT stopped"
	fi
}

case "${1:-}" in
	start) start ;;
	stop) stop ;;
	destroy) stop; rm -rf "$PG_DIR" "$PG_DIR.initdb.log" ;;
	psql) shift; psql_super -d users "$@" ;;
	*) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
