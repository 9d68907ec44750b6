#!/usr/bin/env bash
# Interactive /api/ai/route latency with and without a batch in flight, and the batch's items/s.
# Starts the local stack with a simulated provider latency of 300 ms (AI_SIMULATED_LATENCY_MS), measures
# CALLS route calls from CLIENTS concurrent callers while idle, submits a batch of ITEMS (JSONL), measures the
# same load again while the batch is answered, then waits for the batch to complete.
# Usage: bench/batch.sh [items=10000] [calls=400] [clients=8]
# Knobs: AI_BATCH_MAX_IN_FLIGHT (batch items at once per router worker, 32), AI_BATCH_YIELD_AT (16).
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-10000}
calls=${2:-400}
clients=${3:-8}
port=${PORT:-18080}
log=$(mktemp)
[ -f local-stack/target/local-stack.jar ] || mvn -q -B -DskipTests -pl local-stack -am package
AI_SIMULATED_LATENCY_MS=${AI_SIMULATED_LATENCY_MS:-300} AI_SIMULATED_JITTER_MS=${AI_SIMULATED_JITTER_MS:-0} AI_RATE_LIMIT_ROUTE=1000000 \
  AI_RATE_LIMIT_OTHER=1000000 AI_CACHE_ENABLED=false PORT=$port ROUTER_PORT=18081 ENSEMBLE_PORT=18083 AGGREGATOR_PORT=18082 \
  java -XX:+UseSerialGC -Xmx1g -jar local-stack/target/local-stack.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"; true' EXIT
for _ in $(seq 1 180); do
  grep -q "is up in" "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
grep "is up in" "$log"
java -cp local-stack/target/local-stack.jar -Dloader.main=io.multiai.gateway.local.BatchBenchProbe \
  org.springframework.boot.loader.launch.PropertiesLauncher "http://localhost:$port" "$items" "$calls" "$clients"
