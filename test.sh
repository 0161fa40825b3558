#!/usr/bin/env bash
# Runs the whole test suite: installs the servers and peers the integration tests use when they are
# missing (Debian), builds once, runs unit then integration tests, and prints one summary line.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

need=()
for pair in haproxy:haproxy nginx:nginx sslscan:sslscan tshark:tshark gnutls-cli:gnutls-bin nmap:nmap openssl:openssl curl:curl chromium:chromium; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
# The AWS CLI v2 peer is the Debian package's /usr/bin/aws (an `aws` on PATH may be a pip-installed v1).
[ -x /usr/bin/aws ] || need+=(awscli)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing test dependencies: ${need[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "could not install ${need[*]}: integration tests that need them will fail" >&2; }
fi
# nginx and haproxy are started by the tests on ephemeral ports; the distribution's services are not needed.

dotnet build TlsDoctor.slnx -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
rm -rf "$results"
status=0
for project in tests/TlsDoctor.Tests tests/TlsDoctor.IntegrationTests; do
  dotnet test "$project" -c Release --no-build --logger "trx;LogFilePrefix=$(basename "$project")" \
    --results-directory "$results" --blame-hang-timeout 5m -- RunConfiguration.TestSessionTimeout=1500000 || status=1
done

# The README's first command as a user runs it: ./tlsdoctor builds the executable it ships (native when a C compiler is
# there, else ReadyToRun) and runs the demo, so the shipped build is exercised end to end, not only the test builds.
smoke_passed=0; smoke_failed=0
if ./tlsdoctor demo >"$results/demo.out" 2>&1; then
  smoke_passed=1; echo "smoke: ./tlsdoctor demo ($(cat .build/cli/.built) build): $(tail -1 "$results/demo.out")"
else
  smoke_failed=1; status=1; echo "smoke: ./tlsdoctor demo failed:"; tail -40 "$results/demo.out"
fi

passed=$smoke_passed; failed=$smoke_failed; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
[ "$passed" -le "$smoke_passed" ] && status=1   # no test ran
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
