#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD...
# Run CMD against a throwaway PostgreSQL server, then stop it and delete it.
# CMD sees SABT_DB_* (and PG*) pointing at an empty database "sabt" owned by the
# superuser "postgres", so pytest-django can create and drop test_sabt.
# Exits with CMD's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD..." >&2
    exit 2
fi

# The highest installed server version (Debian keeps each under its own dir).
initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
if [ ! -x "$initdb" ]; then
    echo "with-postgres: no PostgreSQL server found; run scripts/system-packages.sh" >&2
    exit 1
fi
bindir=$(dirname "$initdb")

# PostgreSQL refuses to run as root, so as root the server runs as "postgres"
# (the Debian package creates that user); the client side stays ourselves.
as_server=()
if [ "$(id -u)" -eq 0 ]; then
    as_server=(runuser -u postgres --)
fi

# A short path: the unix socket inside it must fit in 107 bytes.
dir=$(mktemp -d /tmp/sabt-pg.XXXXXX)
# shellcheck disable=SC2317  # reached through the trap
cleanup() {
    # Immediate: the data is thrown away anyway, and it is quickest.
    if [ -f "$dir/data/postmaster.pid" ]; then
        (cd "$dir" && "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -s stop) || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
# Make a signal end the script through `exit`, so the EXIT trap still runs.
trap 'exit 130' INT
trap 'exit 143' TERM
if [ "${#as_server[@]}" -gt 0 ]; then
    chown postgres: "$dir"
fi

# A free loopback port, for clients that cannot use the socket.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The server commands run from $dir: as "postgres" they may not be able to read
# the caller's working directory.
(
    cd "$dir"
    # Trust auth: only we can reach the socket dir, and the port is loopback.
    # C.UTF-8 collation: deterministic ordering, and Unicode-aware lower().
    "${as_server[@]}" "$initdb" -D "$dir/data" -U postgres -A trust \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Durability is pointless for a throwaway server; speed is not.
    "${as_server[@]}" tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
# As README advises a team: a shred must be able to push the destroyed key
# out of pg_wal, so old segments are removed, not renamed for reuse.
wal_recycle = off
EOF
    "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s start \
        || { cat "$dir/server.log" >&2; exit 1; }
)

export SABT_DB_ENGINE=postgresql SABT_DB_HOST="$dir" SABT_DB_PORT="$port"
export SABT_DB_USER=postgres SABT_DB_NAME=sabt
export PGHOST="$dir" PGPORT="$port" PGUSER=postgres PGDATABASE=sabt
"$bindir/createdb" sabt

status=0
"$@" || status=$?
exit "$status"
