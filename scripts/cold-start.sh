#!/usr/bin/env bash
# Cold start of the published host to healthy (issue 16): from `dotnet GuidanceBot.Api.dll` to the first 200 from
# /health, with deploy/runtime.env loaded as in production, on a fresh data folder (database created, migrated and
# seeded) and on an existing one. Prints the median, min and max in milliseconds of wall time and of the host's CPU
# time (user + system, all threads) until healthy: on a shared machine the CPU time is the figure to compare.
#   scripts/cold-start.sh [--runs 7] [--out out] [--no-publish]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=7; out=out; publish=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-publish) publish=0; shift ;;
    *) echo "usage: $0 [--runs N] [--out DIR] [--no-publish]" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$publish" = 1 ]; then
  dotnet publish -c Release Api -o "$out" >/dev/null
fi
out="$(cd "$out" && pwd)"
set -a; . deploy/runtime.env; set +a

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

tick_ms=$(( 1000 / $(getconf CLK_TCK) ))

# What a production host needs to pass its start checks; local mode (no Connector token to ask a cloud for) keeps
# /health answerable here. The API's token issuer is only read on a request that carries a token.
settings=(--Bot:AllowUnauthenticatedLocalMode=true --PublicLinks:BaseUrl=https://guidance.example.cn/
  --Authentication:Schemes:Bearer:Authority=https://127.0.0.1:9/tenant/v2.0
  --Authentication:Schemes:Bearer:ValidAudiences:0=api://guidancebot-cold-start)

# One start: "wall cpu" milliseconds from exec to the first healthy answer; the host is stopped (SIGTERM) afterwards.
start_once() {
  local data="$1" begin end cpu
  begin=$(date +%s%N)
  (cd "$out" && exec dotnet GuidanceBot.Api.dll --urls "http://127.0.0.1:$port" --Storage:DataFolder="$data" "${settings[@]}") >"$work/host.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the host exited before it was healthy:" >&2; cat "$work/host.log" >&2; exit 1
    fi
    if [ $(( ($(date +%s%N) - begin) / 1000000000 )) -ge 60 ]; then
      echo "not healthy within 60 s" >&2; exit 1
    fi
    sleep 0.005
  done
  end=$(date +%s%N)
  cpu=$(awk -v t="$tick_ms" '{ print ($14 + $15) * t }' "/proc/$pid/stat")
  kill -TERM "$pid"; wait "$pid" || true; pid=""
  echo "$(( (end - begin) / 1000000 )) $cpu"
}

# Median, min and max of one column of "wall cpu" lines.
summary() {
  cut -d' ' -f"$2" | sort -n | awk -v label="$1" '{ v[NR] = $1 } END {
    median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%-34s median %5d ms   min %5d   max %5d   (%d runs)\n", label, median, v[1], v[NR], NR }'
}

# Warm the disk cache once, as a deployed server has (the first start after a reboot reads the files from disk).
start_once "$work/warm" >/dev/null

fresh=(); existing=()
for i in $(seq "$runs"); do fresh+=("$(start_once "$work/fresh-$i")"); done
for i in $(seq "$runs"); do existing+=("$(start_once "$work/fresh-1")"); done

echo "cold start to healthy: $out/GuidanceBot.Api.dll, deploy/runtime.env, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${fresh[@]}" | summary "fresh data folder, wall" 1
printf '%s\n' "${fresh[@]}" | summary "fresh data folder, host CPU" 2
printf '%s\n' "${existing[@]}" | summary "existing data folder, wall" 1
printf '%s\n' "${existing[@]}" | summary "existing data folder, host CPU" 2
