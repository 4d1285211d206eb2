#!/usr/bin/env bash
# Issue 17's benchmarks in one run, PostgreSQL beside SQLite on the same machine at the same time: the /api/messages turn
# benchmark with one bot on SQLite, one on PostgreSQL and two identical bots on one PostgreSQL database (each bot pinned to
# its core), then the delivery benchmark with one dispatcher on SQLite and one and two on PostgreSQL. The PostgreSQL
# cluster is a throwaway one (scripts/postgres-cluster.sh) with PostgreSQL's durable defaults, as SQLite's file is durable.
#   bash scripts/bench-postgres.sh [--seconds 20] [--count 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=20 count=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
dotnet build -c Release -v q -nologo benchmarks/GuidanceBot.LoadTest >/dev/null
dotnet build -c Release -v q -nologo benchmarks/GuidanceBot.DeliveryBenchmark >/dev/null

. scripts/postgres-cluster.sh
trap pg_cluster_stop EXIT
PG_CLUSTER_DURABLE=1 pg_cluster_start
database() {
  "$(pg_cluster_bin)/psql" -h "$PG_CLUSTER_DIR" -p "$PG_CLUSTER_PORT" -U postgres -d postgres -qc "CREATE DATABASE $1"
  echo "Host=127.0.0.1;Port=$PG_CLUSTER_PORT;Username=postgres;Database=$1;Maximum Pool Size=50"
}
turns() { dotnet benchmarks/GuidanceBot.LoadTest/bin/Release/net10.0/GuidanceBot.LoadTest.dll --seconds "$seconds" --warmup 5 "$@"; }
delivery() { dotnet run -c Release --no-build --project benchmarks/GuidanceBot.DeliveryBenchmark -- --count "$count" --inject429 0.0003 --inject503 0.005 --concurrency 16 "$@"; }

echo "== $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== turns: SQLite, one bot on cpu 0";                 turns --cpu 0
echo "== turns: PostgreSQL, one bot on cpu 0";             turns --cpu 0 --provider PostgreSql --connection "$(database turns_one)"
echo "== turns: PostgreSQL, two bots on cpus 0 and 1";     turns --instances 2 --cpus 0,1 --provider PostgreSql --connection "$(database turns_two)"
echo "== delivery: SQLite, one dispatcher";                delivery
echo "== delivery: PostgreSQL, one dispatcher";            delivery --provider PostgreSql --connection "$(database delivery_one)"
echo "== delivery: PostgreSQL, two dispatchers";           delivery --provider PostgreSql --connection "$(database delivery_two)" --dispatchers 2
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg)"
