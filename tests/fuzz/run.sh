#!/usr/bin/env bash
# Fuzzes the TlsDoctor wire parsers with AFL++ through SharpFuzz instrumentation.
#   tests/fuzz/run.sh [record|clienthello|serverhello|any|awsxml] [seconds]      (default: any, 600 s)
# Needs afl++ (apt-get install afl++) and the sharpfuzz tool (dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0).
# Findings land in tests/fuzz/findings/<target>/; crashes in .../default/crashes/ (replay one with
# TLSDOCTOR_FUZZ_REPLAY=<file> tests/fuzz/out/TlsDoctor.Fuzz <target>).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:-any}"
seconds="${2:-600}"
dict="tls.dict"; [ "$target" = awsxml ] && dict="aws.dict"
out="$here/out"
export PATH="$PATH:$HOME/.dotnet/tools"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }
command -v sharpfuzz >/dev/null || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0

rm -rf "$out"
dotnet publish "$here/TlsDoctor.Fuzz/TlsDoctor.Fuzz.csproj" -c Release -o "$out" -nologo -v quiet
sharpfuzz "$out/TlsDoctor.Core.dll"

mkdir -p "$here/findings/$target"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -i "$here/corpus/$target" -o "$here/findings/$target" -t 5000 -m none -V "$seconds" \
  -x "$here/$dict" -- "$out/TlsDoctor.Fuzz" "$target"
