#!/usr/bin/env bash
# Full TLS handshakes per second that `tlsdoctor serve` sustains, side by side with haproxy enforcing the same
# policy with the same RSA-2048 certificate, and the CPU each server spends per handshake. Load: CLIENTS parallel
# `openssl s_time -new` processes for SECONDS_PER_RUN each (every connection a full handshake, no resumption). Cases:
# TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256, TLS 1.3 TLS_AES_128_GCM_SHA256. The haproxy configuration comes from
# `tlsdoctor policies export --format haproxy`.
# Each case runs ROUNDS paired rounds (serve then haproxy, then haproxy then serve, …) so that both servers see the
# same machine load; each figure is the median over the rounds, and the ratios are medians of the per-round ratios.
# CPU per handshake is the server process's user+system CPU time (/proc/PID/stat, all threads) over the round divided
# by the handshakes the clients completed: on a shared machine it moves much less with the load than handshakes/s.
# Usage: bench/serve-vs-haproxy.sh   (env: POLICY, SECONDS_PER_RUN, CLIENTS, ROUNDS, HAPROXY_THREADS,
#        TLSDOCTOR_EXE: the executable to serve with, default ./tlsdoctor)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
policy="${POLICY:-ELBSecurityPolicy-TLS13-1-2-2021-06}"
seconds="${SECONDS_PER_RUN:-10}"
clients="${CLIENTS:-2}"
rounds="${ROUNDS:-3}"
threads="${HAPROXY_THREADS:-2}"
exe="${TLSDOCTOR_EXE:-$root/tlsdoctor}"
for tool in openssl haproxy python3; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; echo "nothing listens on $1" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" > "$work/combined.pem"

"$exe" --help >/dev/null  # builds the CLI when sources changed (through ./tlsdoctor)
serve_port="$(free_port)"
# ./tlsdoctor execs the executable, so $! is the server's own process.
"$exe" serve --policy "$policy" --listen "127.0.0.1:$serve_port" --cert "$work/cert.pem" --key "$work/key.pem" \
  >"$work/serve.log" 2>"$work/serve.err" &
serve_pid=$!
pids+=($serve_pid)

haproxy_port="$(free_port)"
{
  "$exe" policies export "$policy" --format haproxy | sed -n '/^global/,/^#/p' | grep -v '^#'
  echo "    maxconn 4000"
  echo "    nbthread $threads"
  echo "defaults"
  echo "    mode http"
  echo "    timeout connect 5s"
  echo "    timeout client 10s"
  echo "    timeout server 10s"
  echo "frontend tls"
  echo "    bind 127.0.0.1:$haproxy_port ssl crt $work/combined.pem"
  echo "    http-request return status 200 content-type text/plain string ok"
} > "$work/haproxy.cfg"
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=($haproxy_pid)
wait_port "$serve_port"
wait_port "$haproxy_port"

# The process's user+system CPU in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after the command name).
cpu_ticks() { local stat; stat="$(cat "/proc/$1/stat")"; stat="${stat##*) }"; set -- $stat; echo $(( ${12} + ${13} )); }

# One run against one server: "handshakes/s handshakes cpu-ticks". Handshakes/s is the sum over the clients of each
# client's connections divided by its run time.
measure() {
  local port="$1" pid="$2"; shift 2
  local out=() before after
  before="$(cpu_ticks "$pid")"
  for i in $(seq 1 "$clients"); do
    openssl s_time -connect "127.0.0.1:$port" -new -time "$seconds" "$@" >"$work/s_time.$i" 2>&1 &
    out+=($!)
  done
  wait "${out[@]}"
  after="$(cpu_ticks "$pid")"
  cat "$work"/s_time.* | python3 -c '
import re, sys
text = sys.stdin.read()
runs = re.findall(r"(\d+) connections in ([\d.]+) real seconds", text)
if not runs: sys.exit("s_time reported nothing:\n" + text)
print("%.1f %d %d" % (sum(int(c) / float(t) for c, t in runs), sum(int(c) for c, _ in runs), int(sys.argv[1])))' "$((after - before))"
  rm -f "$work"/s_time.*
}

tick="$(getconf CLK_TCK)"
echo "policy $policy, $clients x openssl s_time -new for ${seconds}s, $rounds paired rounds, haproxy nbthread $threads, $(nproc) cores"
echo "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo -), $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| case | serve (handshakes/s) | haproxy (handshakes/s) | serve / haproxy | serve CPU per handshake (ms) | haproxy CPU per handshake (ms) | CPU serve / haproxy |\n'
printf '|---|---|---|---|---|---|---|\n'
run_case() {
  local name="$1"; shift
  measure "$serve_port" "$serve_pid" "$@" >/dev/null  # warm-up (JIT, pools, caches)
  local rows="$work/rows"; : >"$rows"
  for r in $(seq 1 "$rounds"); do
    local s h
    if (( r % 2 )); then s="$(measure "$serve_port" "$serve_pid" "$@")"; h="$(measure "$haproxy_port" "$haproxy_pid" "$@")"
    else h="$(measure "$haproxy_port" "$haproxy_pid" "$@")"; s="$(measure "$serve_port" "$serve_pid" "$@")"; fi
    echo "$s $h" >>"$rows"
  done
  python3 - "$name" "$tick" "$rows" <<'PY'
import statistics as st, sys
name, tick, rows = sys.argv[1], int(sys.argv[2]), [list(map(float, l.split())) for l in open(sys.argv[3])]
# columns: serve hs/s, serve handshakes, serve ticks, haproxy hs/s, haproxy handshakes, haproxy ticks
cpu = lambda ticks, n: 1000.0 * ticks / tick / n
s_rate = st.median(r[0] for r in rows); h_rate = st.median(r[3] for r in rows)
ratio = st.median(r[0] / r[3] for r in rows)
s_cpu = st.median(cpu(r[2], r[1]) for r in rows); h_cpu = st.median(cpu(r[5], r[4]) for r in rows)
cpu_ratio = st.median(cpu(r[2], r[1]) / cpu(r[5], r[4]) for r in rows)
print(f"| {name} | {s_rate:.0f} | {h_rate:.0f} | {ratio:.2f} | {s_cpu:.3f} | {h_cpu:.3f} | {cpu_ratio:.2f} |")
for i, r in enumerate(rows, 1):
    with open(sys.argv[3] + ".all", "a") as f:
        print(f"  {name}, round {i}: serve {r[0]:.0f}/s {cpu(r[2], r[1]):.3f} ms, haproxy {r[3]:.0f}/s {cpu(r[5], r[4]):.3f} ms", file=f)
PY
}
run_case "TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
run_case "TLS 1.3 TLS_AES_128_GCM_SHA256" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
echo "rounds (handshakes/s, CPU per handshake):"; cat "$work/rows.all"
errors="$(grep -c -v ' success$' "$work/serve.log" || true)"
echo "serve log: $(wc -l < "$work/serve.log") connections, $errors not successful; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
