#!/usr/bin/env bash
# Feeds N synthetic metric events (default 50000) through the metrics aggregator's whole topology
# (TopologyTestDriver, in-memory stores, one thread) and prints events/s.
# Usage: bench/aggregator-throughput.sh [events]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-50000}
mvn -B -q -pl metrics-aggregator -am test -Dtest=TopologyThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.events="$events" 2>&1 | grep -E "=== aggregator topology|ERROR|FAIL" || true
