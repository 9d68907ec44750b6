#!/usr/bin/env bash
# Starts the local stack with the simulated provider latency at 0, then measures N sequential
# /api/ai/route calls (default 500) as a client sees them, and prints start-up time and RSS. The
# route limit is raised (the limiter still runs, so its cost is measured) and the cache bypassed.
# Usage: bench/route-latency.sh [calls]
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-500}
port=${PORT:-18080}
log=$(mktemp)
[ -f local-stack/target/local-stack.jar ] || mvn -q -B -DskipTests -pl local-stack -am package
AI_SIMULATED_LATENCY_MS=0 AI_SIMULATED_JITTER_MS=0 AI_RATE_LIMIT_ROUTE=1000000 PORT=$port ROUTER_PORT=18081 ENSEMBLE_PORT=18083 AGGREGATOR_PORT=18082 \
  java -XX:+UseSerialGC -Xmx1g -jar local-stack/target/local-stack.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 180); do
  grep -q "is up in" "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
grep "is up in" "$log"
java -cp local-stack/target/local-stack.jar -Dloader.main=io.multiai.gateway.local.RouteLatencyProbe \
  org.springframework.boot.loader.launch.PropertiesLauncher "http://localhost:$port" "$calls" 100
echo "stack RSS after the run: $(awk '/VmRSS/{print $2, $3}' /proc/$pid/status)"
