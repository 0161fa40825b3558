#!/usr/bin/env bash
# Many targets: `tlsdoctor scan -f` over N local endpoints (one haproxy listening on N ports, a realistic TLS 1.2/1.3
# policy behind an RSA certificate), JSON Lines out. Prints endpoints per second, the peak of simultaneously open
# connections to the endpoints (sampled with ss), tlsdoctor's peak memory (max RSS) and its CPU time (user + system).
# Usage: bench/scan-many.sh [endpoints=500] [concurrency=64]
#   ./tlsdoctor builds what it builds by default (Native AOT when a C compiler is there); TLSDOCTOR_BUILD=r2r makes it
#   the ReadyToRun build. TLSDOCTOR=PATH runs another executable instead (e.g. a copy of an earlier build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-500}"; c="${2:-64}"
work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
tlsdoctor="${TLSDOCTOR:-$root/tlsdoctor}"
"$tlsdoctor" --help >/dev/null   # build once (./tlsdoctor), outside the measurement

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/rsa.key" -out "$work/rsa.crt" -subj /CN=localhost -days 30 \
  -addext "subjectAltName=DNS:localhost" 2>/dev/null
cat "$work/rsa.crt" "$work/rsa.key" >"$work/rsa.pem"
# Below the kernel's ephemeral port range (client sockets, ours included, take ports from there); another range is
# tried when some port of this one is taken.
low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
for attempt in 1 2 3 4 5; do
  base=$(python3 -c "import random; print(random.randrange(10000, $low - $n))")
  last=$((base + n - 1))
  cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 8000
  nbthread 1
defaults
  mode http
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend tls
  bind 127.0.0.1:$base-$last ssl crt $work/rsa.pem ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA:AES128-GCM-SHA256:AES128-SHA ssl-min-ver TLSv1.2 curves X25519:P-256
  http-request return status 200 content-type text/plain string ok
CFG
  haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 & hp=$!
  for _ in $(seq 100); do
    kill -0 "$hp" 2>/dev/null || break
    (echo >/dev/tcp/127.0.0.1/$last) 2>/dev/null && break
    sleep 0.1
  done
  if kill -0 "$hp" 2>/dev/null; then pids+=("$hp"); break; fi
  [ "$attempt" = 5 ] && { echo "haproxy did not start:" >&2; cat "$work/haproxy.log" >&2; exit 1; }
done
seq "$base" "$last" | sed 's/^/127.0.0.1:/' >"$work/targets.txt"

peak=0
( while sleep 0.05; do ss -Htn state established "( dport >= :$base and dport <= :$last )" 2>/dev/null | wc -l; done ) >"$work/conns" & pids+=($!)
start=$(date +%s.%N)
/usr/bin/time -f "%M %U %S" -o "$work/mem" "$tlsdoctor" scan -f "$work/targets.txt" --sni localhost --json --concurrency "$c" >"$work/out.jsonl" || true
end=$(date +%s.%N)
peak=$(sort -n "$work/conns" | tail -1)
read -r mem cpu_user cpu_sys < <(tail -1 "$work/mem")
lines=$(wc -l <"$work/out.jsonl")
failed=$(grep -c '"failure"' "$work/out.jsonl" || true)
[ "$failed" -gt 0 ] && { echo "first failure: $(grep -m1 -o "\"failure\":{[^}]*}" "$work/out.jsonl")" >&2; tail -3 "$work/haproxy.log" >&2; }
handshakes=$(python3 -c 'import json,sys; print(sum(json.loads(l)["stats"]["handshakes"] for l in open(sys.argv[1])))' "$work/out.jsonl")
awk -v n="$lines" -v f="$failed" -v s="$(echo "$end - $start" | bc)" -v p="$peak" -v m="$mem" -v c="$c" -v h="$handshakes" -v cpu="$(echo "$cpu_user + $cpu_sys" | bc)" \
  'BEGIN { printf "endpoints: %d scanned (%d failed), %d handshakes; concurrency %d; %.1f s; %.1f endpoints/s; peak open connections %d; peak memory %d MB; CPU %.1f s\n", n, f, h, c, s, n / s, p, m / 1024, cpu }'
