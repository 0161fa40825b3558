#!/usr/bin/env bash
# Times `tlsdoctor scan` against sslscan, testssl.sh -E and nmap ssl-enum-ciphers on one local haproxy that
# mimics ELBSecurityPolicy-2016-08 behind an RSA certificate (TLS 1.0-1.2, the policy's 18 suites in its order).
# Each tool runs twice: on loopback, and through bench/LatencyProxy (50 ms round trip: connection set-up waits one
# round trip, every chunk 25 ms each way). TCP connections are counted on the wire (tcpdump SYNs on lo; root needed).
# With BASELINE=PATH (another build's executable, e.g. one kept from before a change), it is a tool of its own in the same
# rounds ("baseline").
# Usage: [BASELINE=PATH] bench/scan-vs-peers.sh [rtt_ms=50] [rounds=5]
# Prints one table per link: wall time, CPU time (user + system), connections, ratios to tlsdoctor (each a median of
# paired runs: the tools take turns in every round), and tlsdoctor's peak memory. "tlsdoctor" is the executable ./tlsdoctor runs; "./tlsdoctor" is the command the README gives (the same, plus
# its staleness check).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rtt="${1:-50}"; runs="${2:-5}"
work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# The peers and tools this needs, installed when missing (Debian), as test.sh does.
need=()
for pair in haproxy:haproxy sslscan:sslscan nmap:nmap tcpdump:tcpdump openssl:openssl python3:python3 bc:bc testssl.sh:testssl.sh; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || { [ "${pair%%:*}" = testssl.sh ] && command -v testssl >/dev/null 2>&1; } || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "could not install ${need[*]}" >&2; exit 1; }
fi
# Counting connections with tcpdump needs root (or the capture capabilities).
[ "$(id -u)" -eq 0 ] || echo "warning: not root: tcpdump may not capture on lo, and connection counts would read 0" >&2

"$root/tlsdoctor" --help >/dev/null   # build once, outside the measurement
# What ./tlsdoctor runs, without its staleness check: the native executable, or the ReadyToRun build under dotnet.
build_kind="$(cat "$root/.build/cli/.built")"
if [ "$build_kind" = aot ]; then tlsdoctor_bin="$root/.build/cli/tlsdoctor"; else tlsdoctor_bin="dotnet $root/.build/cli/tlsdoctor.dll"; fi
echo "tlsdoctor build: $build_kind"
dotnet build "$root/bench/LatencyProxy/LatencyProxy.csproj" -c Release -nologo -v quiet -o "$work/proxy" >/dev/null

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/rsa.key" -out "$work/rsa.crt" -subj /CN=localhost -days 30 \
  -addext "subjectAltName=DNS:localhost" 2>/dev/null
cat "$work/rsa.crt" "$work/rsa.key" >"$work/rsa.pem"
# Below the kernel's ephemeral range, where the scanners' own client connections cannot take the port first.
free_port() { python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
while True:
    p = random.randrange(10000, low)
    s = socket.socket()
    try: s.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: s.close()'; }
port=$(free_port); proxy_port=$(free_port)
elb="ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:AES128-GCM-SHA256:AES128-SHA256:AES128-SHA:AES256-GCM-SHA384:AES256-SHA256:AES256-SHA:@SECLEVEL=0"
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 4000
  nbthread 1
defaults
  mode http
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend tls
  bind 127.0.0.1:$port ssl crt $work/rsa.pem ciphers $elb ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.2 curves X25519:P-256:P-384
  http-request return status 200 content-type text/plain string ok
CFG
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 & pids+=($!)
"$work/proxy/LatencyProxy" "$proxy_port" "$port" "$rtt" >"$work/proxy.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && grep -q listening "$work/proxy.log" && break; sleep 0.1; done

testssl_bin="$(command -v testssl.sh || command -v testssl)"
tools=(tlsdoctor ./tlsdoctor sslscan testssl nmap)
[ -n "${BASELINE:-}" ] && tools+=(baseline)
cmd() { # tool port
  case "$1" in
    tlsdoctor) echo "$tlsdoctor_bin scan 127.0.0.1:$2 --sni localhost" ;;
    ./tlsdoctor) echo "$root/tlsdoctor scan 127.0.0.1:$2 --sni localhost" ;;
    baseline)  echo "$BASELINE scan 127.0.0.1:$2 --sni localhost" ;;
    sslscan)   echo "sslscan --show-ciphers --sni-name=localhost 127.0.0.1:$2" ;;
    testssl)   echo "$testssl_bin -E --quiet --color 0 --warnings off --connect-timeout 10 --openssl-timeout 10 127.0.0.1:$2" ;;
    nmap)      echo "nmap -Pn -p $2 --script ssl-enum-ciphers 127.0.0.1" ;;
  esac
}

measure() { # tool port → "seconds cpu_seconds connections" of one run
  local tool=$1 p=$2
  rm -f "$work/dump.err"
  tcpdump -i lo -n -U --immediate-mode -B 8192 -w "$work/syn.pcap" "tcp dst port $p and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn" >/dev/null 2>"$work/dump.err" &
  local dump=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/dump.err" 2>/dev/null && break; sleep 0.1; done
  sleep 1
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/cpu" $(cmd "$tool" "$p") >"$work/${tool#./}.out" 2>&1 || true
  end=$(date +%s.%N)
  sleep 1; kill -INT "$dump"; wait "$dump" 2>/dev/null || true
  local c; c=$(tcpdump -r "$work/syn.pcap" -n 2>/dev/null | wc -l)
  local s; s=$(echo "$end - $start" | bc)
  local u; u=$(awk 'END { print $1 + $2 }' "$work/cpu")
  echo "$s $u $c"
}

# Every round runs each tool once, in turn (each round starting one tool further on), so that all tools see the same
# machine; a tool's figure is the median of its rounds, and its ratio to tlsdoctor the median of the rounds' ratios.
report() { # title port
  echo "## $1"
  : >"$work/rounds"
  for r in $(seq "$runs"); do
    local n=${#tools[@]}
    for i in $(seq 0 $((n - 1))); do
      local t=${tools[$(((i + r) % n))]}
      echo "$r $t $(measure "$t" "$2")" >>"$work/rounds"
    done
  done
  python3 - "$work/rounds" "${tools[@]}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
tools = sys.argv[2:]
runs = {}
for r, tool, s, u, c in rows: runs.setdefault(tool, {})[r] = (float(s), float(u), int(c))
base = runs["tlsdoctor"]
def med(values): return statistics.median(values)
def paired(tool, k):
    ratios = [runs[tool][r][k] / base[r][k] for r in runs[tool] if r in base and base[r][k] > 0]
    return f"{med(ratios):.2f}" if ratios else "-"
print(f"{'tool':<14} {'wall (s)':>10} {'CPU (s)':>9} {'connections':>12} {'time ratio':>12} {'CPU ratio':>10} {'conn ratio':>11}")
for t in tools:
    v = list(runs[t].values())
    print(f"{t:<14} {med([x[0] for x in v]):>10.3f} {med([x[1] for x in v]):>9.2f} {int(med([x[2] for x in v])):>12d}"
          f" {paired(t, 0):>12} {paired(t, 1):>10} {paired(t, 2):>11}")
PY
  echo
}

echo "target: haproxy $(haproxy -v | head -1 | awk '{print $3}') ELBSecurityPolicy-2016-08 mimic (RSA); rounds: $runs (medians; ratios are medians of each round's ratio to tlsdoctor)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
report "loopback" "$port"
report "emulated ${rtt} ms round trip (bench/LatencyProxy)" "$proxy_port"
mem=$( { /usr/bin/time -f "%M" $(cmd tlsdoctor "$port") >/dev/null; } 2>&1 | tail -1 )
echo "tlsdoctor peak memory (loopback): $((mem / 1024)) MB"
echo "tlsdoctor result: $(grep -c '^  0x' "$work/tlsdoctor.out") suite lines; sslscan: $(grep -cE '^(Accepted|Preferred)' "$work/sslscan.out") accepted lines"
