#!/usr/bin/env bash
# Full TLS handshakes per second that `tlsdoctor serve` sustains, side by side with haproxy enforcing the same
# policy with the same RSA-2048 certificate. Load: CLIENTS parallel `openssl s_time -new` processes for SECONDS
# each (every connection a full handshake, no resumption). Cases: TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256, TLS 1.3
# TLS_AES_128_GCM_SHA256. The haproxy configuration comes from `tlsdoctor policies export --format haproxy`.
# Usage: bench/serve-vs-haproxy.sh   (env: POLICY, SECONDS, CLIENTS, HAPROXY_THREADS)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
policy="${POLICY:-ELBSecurityPolicy-TLS13-1-2-2021-06}"
seconds="${SECONDS_PER_RUN:-10}"
clients="${CLIENTS:-2}"
threads="${HAPROXY_THREADS:-2}"
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

"$root/tlsdoctor" --help >/dev/null  # builds the CLI when sources changed
serve_port="$(free_port)"
"$root/tlsdoctor" serve --policy "$policy" --listen "127.0.0.1:$serve_port" --cert "$work/cert.pem" --key "$work/key.pem" \
  >"$work/serve.log" 2>"$work/serve.err" &
pids+=($!)

haproxy_port="$(free_port)"
{
  "$root/tlsdoctor" policies export "$policy" --format haproxy | sed -n '/^global/,/^#/p' | grep -v '^#'
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
pids+=($!)
wait_port "$serve_port"
wait_port "$haproxy_port"

# Sum of connections over all clients divided by the run time.
measure() {
  local port="$1"; shift
  local out=()
  for i in $(seq 1 "$clients"); do
    openssl s_time -connect "127.0.0.1:$port" -new -time "$seconds" "$@" >"$work/s_time.$i" 2>&1 &
    out+=($!)
  done
  wait "${out[@]}"
  cat "$work"/s_time.* | python3 -c '
import re, sys
text = sys.stdin.read()
runs = re.findall(r"(\d+) connections in ([\d.]+) real seconds", text)
if not runs: sys.exit("s_time reported nothing:\n" + text)
print("%.0f" % sum(int(c) / float(t) for c, t in runs))'
  rm -f "$work"/s_time.*
}

echo "policy $policy, $clients x openssl s_time -new for ${seconds}s, haproxy nbthread $threads, $(nproc) cores"
printf '| case | tlsdoctor serve (handshakes/s) | haproxy (handshakes/s) | serve / haproxy |\n|---|---|---|---|\n'
run_case() {
  local name="$1"; shift
  measure "$serve_port" "$@" >/dev/null  # warm-up (JIT)
  local s h
  s="$(measure "$serve_port" "$@")"
  h="$(measure "$haproxy_port" "$@")"
  printf '| %s | %s | %s | %s |\n' "$name" "$s" "$h" "$(python3 -c "print('%.2f' % ($s / $h))")"
}
run_case "TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
run_case "TLS 1.3 TLS_AES_128_GCM_SHA256" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
errors="$(grep -c -v ' success$' "$work/serve.log" || true)"
echo "serve log: $(wc -l < "$work/serve.log") connections, $errors not successful"
