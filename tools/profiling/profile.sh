#!/usr/bin/env bash
# Profiles one process under wrk load and prints where its CPU and allocations go per request:
#   tools/profiling/profile.sh PID URL OUT.nettrace [wrk-lua-script]
# Needs dotnet-trace (dotnet tool install -g dotnet-trace) and wrk. Start the processes with start-hotpath.sh.
set -euo pipefail
PID=$1 URL=$2 OUT=$3 SCRIPT=${4:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export PATH=$PATH:$HOME/.dotnet/tools
ticks() { awk '{print $14+$15}' "/proc/$PID/stat"; }
args=(-t2 -c${PROFILE_CONNECTIONS:-32} -d10s)
[ -n "$SCRIPT" ] && args+=(-s "$SCRIPT")
wrk "${args[@]}" "$URL" >/dev/null   # warm-up (tiered compilation, connection pools)
dotnet-trace collect -p "$PID" --profile dotnet-sampled-thread-time,gc-verbose --duration 00:00:00:08 -o "$OUT" >/dev/null 2>&1 &
tracer=$!
sleep 1
before=$(ticks)
out=$(wrk "${args[@]}" -d6s "$URL")
after=$(ticks)
wait $tracer
requests=$(echo "$out" | awk '/requests in/{print $1}')
cpu_ms=$(( (after - before) * 1000 / $(getconf CLK_TCK) ))
echo "$out" | grep -E "Requests/sec|Non-2xx" || true
dotnet build "$ROOT/tools/profiling/Saas.HotPathProfile" -c Release -v q >/dev/null
dotnet "$ROOT/tools/profiling/Saas.HotPathProfile/bin/Release/net10.0/Saas.HotPathProfile.dll" "$OUT" "$requests" "$cpu_ms"
