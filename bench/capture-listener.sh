#!/usr/bin/env bash
# Hellos captured per second on loopback: `tlsdoctor capture --listen` with a SQLite database, fed by
# bench/capture-loadgen.py (asyncio, one recorded curl ClientHello per connection).
# Usage: bench/capture-listener.sh [connections=20000] [concurrency=64]
# Prints the rate measured from the first connection until the capture process has committed and printed the last row.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-20000}"; c="${2:-64}"
hello="$root/tests/TlsDoctor.Tests/Capture/Fixtures/curl.clienthello.hex"
work="$(mktemp -d)"; trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$root/tlsdoctor" --help >/dev/null   # build once, outside the measurement
"$root/tlsdoctor" capture --listen 127.0.0.1:0 --db "$work/bench.db" --json --count "$n" >"$work/out.jsonl" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/err" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/err")"
start=$(date +%s.%N)
read -r ok gen_seconds < <(python3 "$root/bench/capture-loadgen.py" 127.0.0.1 "$port" "$hello" "$n" "$c")
wait "$pid"
end=$(date +%s.%N)
rows=$(wc -l <"$work/out.jsonl")
stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from hellos').fetchone()[0])" "$work/bench.db")
awk -v n="$rows" -v s="$(echo "$end - $start" | bc)" -v ok="$ok" -v st="$stored" -v c="$c" \
  'BEGIN { printf "connections: %d completed, %d printed, %d stored; concurrency %d; %.2f s; %.0f hellos/s\n", ok, n, st, c, s, n / s }'
