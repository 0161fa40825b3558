#!/usr/bin/env bash
# The integration suite on a busy machine: three runs, each with two CPU-bound processes beside it (as many as this
# machine's CI shares its two cores with). A test that holds only on an idle machine fails here.
# Usage: bench/test-under-load.sh [runs=3] [extra dotnet test arguments, e.g. --filter …]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"; shift || true
cd "$root"
dotnet build TlsDoctor.slnx -c Release -nologo -v quiet >/dev/null || { echo "build failed"; exit 1; }
burners=()
stop() { for p in "${burners[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop EXIT
for _ in 1 2; do ( while :; do :; done ) & burners+=($!); done
echo "two CPU-bound processes: ${burners[*]}; cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for run in $(seq "$runs"); do
  results="$(mktemp -d)"
  start=$(date +%s)
  dotnet test tests/TlsDoctor.IntegrationTests -c Release --no-build --logger "trx;LogFileName=run.trx" --results-directory "$results" \
    --blame-hang-timeout 5m "$@" >"$results/out.txt" 2>&1 || status=1
  counters=$(grep -o '<Counters [^>]*>' "$results/run.trx" 2>/dev/null | head -1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "run $run: ${passed:-?} passed, ${failed:-?} failed in $(( $(date +%s) - start )) s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E '^\s+Failed ' "$results/out.txt" | sed 's/^/  /'
  rm -rf "$results"
done
exit $status
