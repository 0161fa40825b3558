#!/usr/bin/env bash
# Full TLS handshakes per second that `tlsdoctor serve` sustains, side by side with haproxy enforcing the same
# policy with the same RSA-2048 certificate, and the CPU each server spends per handshake. Load: CLIENTS parallel
# `openssl s_time -new` processes for SECONDS_PER_RUN each (every connection a full handshake, no resumption). Cases:
# TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256, TLS 1.3 TLS_AES_128_GCM_SHA256. The haproxy configuration comes from
# `tlsdoctor policies export --format haproxy`.
# Each case runs ROUNDS rounds; a round measures every server once, in an order that rotates from round to round, so
# that all see the same machine load. Each figure is the median over the rounds, and the ratios are medians of the
# per-round ratios. CPU per handshake is the server process's user+system CPU time (/proc/PID/stat, all threads) over
# its run divided by the handshakes the clients completed: on a shared machine it moves much less with the load than
# handshakes/s. BASELINE_EXE, another build of tlsdoctor (e.g. of an earlier commit), is measured in the same rounds
# as a third server, for before/after figures from one run.
# Usage: bench/serve-vs-haproxy.sh   (env: POLICY, SECONDS_PER_RUN, CLIENTS, ROUNDS, HAPROXY_THREADS,
#        TLSDOCTOR_EXE: the executable to serve with, default ./tlsdoctor; BASELINE_EXE: optional)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
policy="${POLICY:-ELBSecurityPolicy-TLS13-1-2-2021-06}"
seconds="${SECONDS_PER_RUN:-10}"
clients="${CLIENTS:-2}"
rounds="${ROUNDS:-3}"
threads="${HAPROXY_THREADS:-2}"
exe="${TLSDOCTOR_EXE:-$root/tlsdoctor}"
baseline="${BASELINE_EXE:-}"
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

# The servers: name, port, pid (./tlsdoctor execs the executable, so $! is the server's own process).
names=(); ports=(); spids=()
start_serve() { # name executable
  local port; port="$(free_port)"
  "$2" serve --policy "$policy" --listen "127.0.0.1:$port" --cert "$work/cert.pem" --key "$work/key.pem" \
    >"$work/$1.log" 2>"$work/$1.err" &
  pids+=($!); names+=("$1"); ports+=("$port"); spids+=($!)
}
"$exe" --help >/dev/null  # builds the CLI when sources changed (through ./tlsdoctor)
start_serve serve "$exe"

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
pids+=($!); names+=(haproxy); ports+=("$haproxy_port"); spids+=($!)
if [ -n "$baseline" ]; then start_serve baseline "$baseline"; fi
for port in "${ports[@]}"; do wait_port "$port"; done

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
echo "policy $policy, $clients x openssl s_time -new for ${seconds}s, $rounds rounds, servers: ${names[*]}, haproxy nbthread $threads, $(nproc) cores"
echo "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo -), $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| case | server | handshakes/s | haproxy (handshakes/s) | / haproxy | CPU per handshake (ms) | haproxy CPU per handshake (ms) | CPU / haproxy |\n'
printf '|---|---|---|---|---|---|---|---|\n'
run_case() {
  local name="$1"; shift
  local n=${#names[@]} r i k
  for i in "${!names[@]}"; do measure "${ports[$i]}" "${spids[$i]}" "$@" >/dev/null; done  # warm-up (JIT, pools, caches)
  : >"$work/rows"
  for r in $(seq 1 "$rounds"); do
    for k in $(seq 0 $((n - 1))); do
      i=$(( (k + r - 1) % n ))
      echo "$r ${names[$i]} $(measure "${ports[$i]}" "${spids[$i]}" "$@")" >>"$work/rows"
    done
  done
  python3 - "$name" "$tick" "$work/rows" <<'PY'
import collections, statistics as st, sys
name, tick = sys.argv[1], int(sys.argv[2])
runs = collections.defaultdict(dict)   # round -> server -> (handshakes/s, handshakes, ticks)
for line in open(sys.argv[3]):
    r, server, rate, count, ticks = line.split()
    runs[r][server] = (float(rate), int(count), int(ticks))
cpu = lambda m: 1000.0 * m[2] / tick / m[1]
h = [v["haproxy"] for v in runs.values()]
for server in [s for s in next(iter(runs.values())) if s != "haproxy"]:
    s = [v[server] for v in runs.values()]
    print(f"| {name} | {server} | {st.median(m[0] for m in s):.0f} | {st.median(m[0] for m in h):.0f} | "
          f"{st.median(a[0] / b[0] for a, b in zip(s, h)):.2f} | {st.median(cpu(m) for m in s):.3f} | {st.median(cpu(m) for m in h):.3f} | "
          f"{st.median(cpu(a) / cpu(b) for a, b in zip(s, h)):.2f} |")
with open(sys.argv[3] + ".all", "a") as f:
    for r, v in runs.items():
        print(f"  {name}, round {r}: " + ", ".join(f"{k} {m[0]:.0f}/s {cpu(m):.3f} ms" for k, m in v.items()), file=f)
PY
}
run_case "TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
run_case "TLS 1.3 TLS_AES_128_GCM_SHA256" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
echo "rounds (handshakes/s, CPU per handshake):"; cat "$work/rows.all"
for server in "${names[@]}"; do
  [ "$server" = haproxy ] && continue
  errors="$(grep -c -v ' success$' "$work/$server.log" || true)"
  echo "$server log: $(wc -l < "$work/$server.log") connections, $errors not successful"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
