#!/usr/bin/env bash
# Fuzzes the TlsDoctor log readers with AFL++ through SharpFuzz instrumentation (docs/fuzzing.md).
#   tests/fuzz/Logs/run.sh [lines|file] [seconds]      (default: file, 600 s)
# Needs afl++ (apt-get install afl++) and the sharpfuzz tool (dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0).
# Findings land in tests/fuzz/findings/logs-<target>/; replay one with
# TLSDOCTOR_FUZZ_REPLAY=<file> tests/fuzz/Logs/out/TlsDoctor.Fuzz.Logs <target>.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:-file}"
seconds="${2:-600}"
out="$here/out"
export PATH="$PATH:$HOME/.dotnet/tools"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }
command -v sharpfuzz >/dev/null || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0

rm -rf "$out"
dotnet publish "$here/TlsDoctor.Fuzz.Logs.csproj" -c Release -o "$out" -nologo -v quiet
sharpfuzz "$out/TlsDoctor.Core.dll"

findings="$here/../findings/logs-$target"
mkdir -p "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -i "$here/corpus" -o "$findings" -t 5000 -m none -V "$seconds" -x "$here/logs.dict" -- "$out/TlsDoctor.Fuzz.Logs" "$target"
