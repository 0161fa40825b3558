#!/usr/bin/env bash
# Start-up time of the command a user types, side by side with the executable it runs: `./tlsdoctor ARGS` against the
# build itself (the native executable, or `dotnet tlsdoctor.dll` for a ReadyToRun build), for `--version` and
# `ciphers 0xC02F`. Runs alternate (wrapper, executable, wrapper, …) so that both see the same machine load; each figure
# is the median of N runs and the wrapper's cost is the median of the paired differences. Nothing is rebuilt while
# measuring (the build is made first, outside the measurement).
# The floor beside them: the smallest Native AOT program (it prints one line), built once into .build/bench/hello, shows
# what any .NET executable costs to start on this machine.
# With BASELINE=PATH (another build's executable, e.g. one kept from before a change), it runs in the same rounds and
# gets a column of its own, with the paired difference to the executable.
# Usage: [BASELINE=PATH] bench/startup.sh [runs=200]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-200}"
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
"$root/tlsdoctor" --version >/dev/null   # build once when stale
read -r kind <"$root/.build/cli/.built"
if [ "$kind" = aot ]; then exe=("$root/.build/cli/tlsdoctor"); else exe=(dotnet "$root/.build/cli/tlsdoctor.dll"); fi
hello="$root/.build/bench/hello"
if [ ! -x "$hello/hello" ]; then
  mkdir -p "$hello"
  printf '%s\n' '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>' \
    '<PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>' >"$hello/hello.csproj"
  echo 'System.Console.WriteLine("hello");' >"$hello/Program.cs"
  dotnet publish "$hello/hello.csproj" -c Release -o "$hello" -nologo -v quiet >/dev/null 2>&1 || rm -f "$hello/hello"
fi
echo "build: $kind; load average: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc); runs: $runs"
python3 - "$runs" "$hello/hello" "$root/tlsdoctor" "${BASELINE:-}" "${exe[@]}" <<'PY'
import os, statistics, subprocess, sys, time
runs, hello, wrapper, baseline, exe = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1", "NO_COLOR": "1"}
def once(cmd):
    start = time.perf_counter_ns()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return (time.perf_counter_ns() - start) / 1e6
if os.access(hello, os.X_OK):
    for _ in range(5): once([hello])
    floor = statistics.median(once([hello]) for _ in range(runs))
    print(f"smallest Native AOT program: {floor:.1f} ms (median of {runs})")
header = f"{'command':<22} {'executable ms':>14} {'./tlsdoctor ms':>15} {'wrapper adds ms':>16}"
if baseline: header += f" {'baseline ms':>12} {'executable - baseline':>22}"
print(header)
for args in (["--version"], ["ciphers", "0xC02F"]):
    for _ in range(5):   # warm the caches
        once(exe + args); once([wrapper] + args)
        if baseline: once([baseline] + args)
    direct, wrapped, base = [], [], []
    for _ in range(runs):
        direct.append(once(exe + args)); wrapped.append(once([wrapper] + args))
        if baseline: base.append(once([baseline] + args))
    diff = statistics.median(w - d for w, d in zip(wrapped, direct))
    line = f"{' '.join(args):<22} {statistics.median(direct):>14.1f} {statistics.median(wrapped):>15.1f} {diff:>16.1f}"
    if baseline:
        line += f" {statistics.median(base):>12.1f} {statistics.median(d - b for d, b in zip(direct, base)):>22.1f}"
    print(line)
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
