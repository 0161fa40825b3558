#!/usr/bin/env bash
# Times `tlsdoctor logs summary` on generated ALB connection logs (≥ 1 GB: plain files, then the same files gzipped)
# against awk computing the same by-protocol counts (and `zcat | awk` for gzip), in one run, alternating the tools.
# Usage: bench/logs-summary.sh [megabytes=1100] [files=24] [runs=2]
# Prints wall time, CPU time (user + system), peak memory (max RSS) and the ratios to awk / zcat|awk; checks that every
# tool counted the same. On a busy machine the CPU-time ratio is the steadier one: wall time there is mostly waiting.
# TLSDOCTOR_BENCH_BASELINE=/path/to/an/older/tlsdoctor adds that executable to every round (before/after in one run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
megabytes="${1:-1100}"; files="${2:-24}"; runs="${3:-2}"
work="${TLSDOCTOR_BENCH_DIR:-$(mktemp -d)}"
cleanup() { [ -n "${TLSDOCTOR_BENCH_KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

"$root/tlsdoctor" --help >/dev/null   # build once, outside the measurement
build_kind="$(cat "$root/.build/cli/.built")"
if [ "$build_kind" = aot ]; then tlsdoctor=("$root/.build/cli/tlsdoctor"); else tlsdoctor=(dotnet "$root/.build/cli/tlsdoctor.dll"); fi
awk_bin="$(readlink -f "$(command -v awk)")"

if [ ! -f "$work/truth.txt" ]; then
  echo "generating $megabytes MB of ALB connection logs in $files files…" >&2
  dotnet run -c Release --project "$root/bench/TlsDoctor.Bench" -- generate-logs "$work" "$megabytes" "$files" >/dev/null
fi
plain_bytes=$(du -sb "$work/plain" | cut -f1); gz_bytes=$(du -sb "$work/gz" | cut -f1)
echo "input: $((plain_bytes / 1048576)) MiB plain, $((gz_bytes / 1048576)) MiB gzip, $files files; tlsdoctor build: $build_kind; awk: $awk_bin"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start (shared machine, busy)"

# The same counts tlsdoctor's byProtocol gives: TLS lines (tls_verify_status, field 11, not "-") with a protocol.
awk_program='$11 != "-" && $5 != "-" { n[$5]++ } END { for (p in n) print p, n[p] }'
normalise() { sed -e 's/^TLSv1 /TLSv1.0 /' | sort; }

measure() { # name, output file, command… → prints "seconds maxrss_kb cpu_seconds"
  local name="$1" out="$2"; shift 2
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.$name" "$@" >"$out"
  read -r e m u s <"$work/time.$name"
  echo "$e $m $(python3 -c "print($u + $s)")"
}

tools=(awk tlsdoctor zcat-awk tlsdoctor-gz)
[ -n "${TLSDOCTOR_BENCH_BASELINE:-}" ] && tools=(awk tlsdoctor baseline zcat-awk tlsdoctor-gz baseline-gz)
declare -A total_time total_cpu peak_rss
for run in $(seq 1 "$runs"); do
  for tool in "${tools[@]}"; do
    case "$tool" in
      awk)          read -r t m c < <(measure "$tool" "$work/out.$tool" bash -c "find '$work/plain' -name '*.log' -print0 | xargs -0 cat | $awk_bin '$awk_program'") ;;
      tlsdoctor)    read -r t m c < <(measure "$tool" "$work/out.$tool" "${tlsdoctor[@]}" logs summary --json "$work/plain") ;;
      zcat-awk)     read -r t m c < <(measure "$tool" "$work/out.$tool" bash -c "find '$work/gz' -name '*.gz' -print0 | xargs -0 zcat | $awk_bin '$awk_program'") ;;
      tlsdoctor-gz) read -r t m c < <(measure "$tool" "$work/out.$tool" "${tlsdoctor[@]}" logs summary --json "$work/gz") ;;
      baseline)     read -r t m c < <(measure "$tool" "$work/out.$tool" "$TLSDOCTOR_BENCH_BASELINE" logs summary --json "$work/plain") ;;
      baseline-gz)  read -r t m c < <(measure "$tool" "$work/out.$tool" "$TLSDOCTOR_BENCH_BASELINE" logs summary --json "$work/gz") ;;
    esac
    total_cpu[$tool]=$(python3 -c "print(${total_cpu[$tool]:-0} + $c)")
    total_time[$tool]=$(python3 -c "print(${total_time[$tool]:-0} + $t)")
    peak_rss[$tool]=$(( m > ${peak_rss[$tool]:-0} ? m : ${peak_rss[$tool]:-0} ))
  done
done

# Every tool counted what the generator wrote.
expected="$(normalise <"$work/truth.txt")"
for tool in awk zcat-awk; do
  [ "$(normalise <"$work/out.$tool")" = "$expected" ] || { echo "$tool counted differently:"; cat "$work/out.$tool"; exit 1; }
done
for tool in "${tools[@]}"; do
  case "$tool" in awk|zcat-awk) continue ;; esac
  got="$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('\n'.join(f'{k} {v}' for k,v in d['byProtocol'].items()))" "$work/out.$tool" | sort)"
  [ "$got" = "$expected" ] || { echo "$tool counted differently:"; echo "$got"; exit 1; }
done

printf '%-14s %10s %10s %12s %8s %10s %9s\n' tool "seconds" "MiB/s" "max RSS MiB" ratio "CPU s" "CPU ratio"
row() { # tool, the awk pipeline it is compared with, bytes
  local t; t=$(python3 -c "print(round(${total_time[$1]} / $runs, 2))")
  local ratio; ratio=$(python3 -c "print(round(${total_time[$1]} / ${total_time[$2]}, 2))")
  local cpu; cpu=$(python3 -c "print(round(${total_cpu[$1]} / $runs, 2))")
  local cpu_ratio; cpu_ratio=$(python3 -c "print(round(${total_cpu[$1]} / ${total_cpu[$2]}, 2))")
  printf '%-14s %10s %10s %12s %8s %10s %9s\n' "$1" "$t" "$(python3 -c "print(round($3 / 1048576 / $t))")" "$(( ${peak_rss[$1]} / 1024 ))" "${ratio}x" "$cpu" "${cpu_ratio}x"
}
for tool in "${tools[@]}"; do
  case "$tool" in *gz|zcat-awk) row "$tool" zcat-awk "$plain_bytes" ;; *) row "$tool" awk "$plain_bytes" ;; esac
done
echo "(ratio: time / the awk pipeline's time on the same input; MiB/s of uncompressed log; load average at end $(cut -d' ' -f1-3 /proc/loadavg))"
