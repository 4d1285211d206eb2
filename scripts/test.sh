#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need, then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here);
# Chinese text needs a CJK font in screenshots.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wenquanyi; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
fi

# The deployment test checks deploy/guidancebot.service with systemd's own verifier (Debian package systemd).
if ! command -v systemd-analyze >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >/dev/null
fi

# Node tools used by tests: the official adaptivecards parser, the Agents Playground, the manifest validator.
if [ -f tests/js/package-lock.json ]; then
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi

dotnet tool restore >/dev/null
dotnet restore GuidanceBot.sln

# A throwaway PostgreSQL cluster (issue 17): the two-instance tests run on it in the first pass, and the Data and
# workflow (flow) tests run a second time on it. Stopped and deleted on exit, whatever happened.
. scripts/postgres-cluster.sh
trap pg_cluster_stop EXIT
pg_cluster_start
export GUIDANCEBOT_TEST_POSTGRES="$PG_CLUSTER_URL"

rm -rf TestResults
status=0
dotnet test GuidanceBot.sln --no-restore -c Release \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults "$@" || status=$?

echo "Data and workflow tests on PostgreSQL:"
GUIDANCEBOT_TEST_PROVIDER=PostgreSql dotnet test tests/GuidanceBot.Data.Tests/GuidanceBot.Data.Tests.csproj --no-build -c Release \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults/postgresql "$@" || status=$?
GUIDANCEBOT_TEST_PROVIDER=PostgreSql dotnet test tests/GuidanceBot.Api.Tests/GuidanceBot.Api.Tests.csproj --no-build -c Release \
  --filter "FullyQualifiedName~GuidanceBot.Api.Tests.Flows" \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults/postgresql "$@" || status=$?

# One closing line for CI: totals over every test project and both providers.
passed=0; failed=0; skipped=0
for f in TestResults/*.trx TestResults/postgresql/*.trx; do
  [ -f "$f" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); passed=$((passed + ${p:-0}))
  x=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c"); failed=$((failed + ${x:-0}))
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$c"); skipped=$((skipped + ${s:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
