#!/usr/bin/env bash
# Start-up time of the command a user types, side by side with the executable it runs: `./tlsdoctor ARGS` against the
# build itself (the native executable, or `dotnet tlsdoctor.dll` for a ReadyToRun build), for `--version` and
# `ciphers 0xC02F`. Runs alternate (wrapper, executable, wrapper, …) so that both see the same machine load; each figure
# is the median of N runs and the wrapper's cost is the median of the paired differences. Nothing is rebuilt while
# measuring (the build is made first, outside the measurement).
# Usage: bench/startup.sh [runs=200]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-200}"
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
"$root/tlsdoctor" --version >/dev/null   # build once when stale
read -r kind <"$root/.build/cli/.built"
if [ "$kind" = aot ]; then exe=("$root/.build/cli/tlsdoctor"); else exe=(dotnet "$root/.build/cli/tlsdoctor.dll"); fi
echo "build: $kind; load average: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc); runs: $runs"
python3 - "$runs" "$root/tlsdoctor" "${exe[@]}" <<'PY'
import statistics, subprocess, sys, time
runs, wrapper, exe = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1", "NO_COLOR": "1"}
def once(cmd):
    start = time.perf_counter_ns()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return (time.perf_counter_ns() - start) / 1e6
print(f"{'command':<22} {'executable ms':>14} {'./tlsdoctor ms':>15} {'wrapper adds ms':>16}")
for args in (["--version"], ["ciphers", "0xC02F"]):
    for _ in range(5): once(exe + args); once([wrapper] + args)   # warm the caches
    direct, wrapped = [], []
    for _ in range(runs):
        direct.append(once(exe + args)); wrapped.append(once([wrapper] + args))
    diff = statistics.median(w - d for w, d in zip(wrapped, direct))
    print(f"{' '.join(args):<22} {statistics.median(direct):>14.1f} {statistics.median(wrapped):>15.1f} {diff:>16.1f}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
