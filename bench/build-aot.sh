#!/usr/bin/env bash
# Opt-in: builds the CLI with Native AOT into .build/aot/tlsdoctor (a native executable that starts in about 20 ms instead
# of about 100 ms for the ReadyToRun build that ./tlsdoctor runs). Takes about 3 minutes on a 2-core machine (too long for
# ./tlsdoctor's first run, hence opt-in) and needs clang; the ILCompiler packages come from the NuGet feed.
# Usage: bench/build-aot.sh   then   .build/aot/tlsdoctor scan HOST
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
mkdir -p "$root/.build"
start=$(date +%s)
if ! dotnet publish "$root/src/TlsDoctor.Cli/TlsDoctor.Cli.csproj" -c Release -r "$rid" -p:PublishAot=true \
    -o "$root/.build/aot" -nologo -v quiet >"$root/.build/aot-build.log" 2>&1; then
  cat "$root/.build/aot-build.log" >&2
  exit 70
fi
echo "built $root/.build/aot/tlsdoctor in $(( $(date +%s) - start )) s" >&2
