#!/usr/bin/env bash
# The metrics aggregator's throughput per stream thread, measured on a real broker.
#
# Starts a real in-JVM KRaft broker (Kafka's own broker classes, set up as LocalKafka and the
# aggregator's integration test do) and the aggregator's real topology with the production Streams
# configuration (StreamsConfigs: exactly_once_v2, one stream thread, RocksDB stores, the default alert
# rules with the daily budget out of reach, the call meters). Three phases, one report:
#
# 1. Warm-up: WARMUP events (default 200000) through the running topology (JIT, task assignment, stores);
#    then processing is paused.
# 2. Backlog: N Avro MetricEvents produced to ai.metrics (default 500000; seven models of three
#    providers, 5 % failures of four kinds, 10 % cache hits, some unpriced calls, every complexity and
#    cost priority, a fifth from one of 2,000 users, five minutes of event time with up to 2 s of
#    disorder), processing resumed: steady-state events/s from the moment 10 % were decoded until the
#    committed offsets cover every input, repartition topics included; CPU per event of the stream
#    thread and of the whole process (broker included); the load average; the lag curve each second.
# 3. Sustained: SUSTAIN_RATE events/s (default 10000) with current timestamps for SUSTAIN_SECONDS
#    (default 60; the issue's five minutes: 300; 0 skips it), the committed lag (printed every 5 s), and
#    half-way one event that breaches the daily budget: the time from its acknowledgement by the broker
#    to its alert being readable (read_committed) on ai.alerts.
#
# Last, a check reads the aggregates back: every event counted once in the all-models running total and
# in its one-minute window.
#
# Code: metrics-aggregator/src/test/java/.../bench/BrokerThroughputBenchmark.java (skipped unless
# -Dbench.events is given). JFR=path.jfr records a profile of phase 2 (for whole stacks, run with
# JAVA_TOOL_OPTIONS=-XX:FlightRecorderOptions:stackdepth=512 and read it with
# `jfr print --stack-depth 300 --events jdk.ExecutionSample path.jfr`).
#
# Usage: [WARMUP=n] [SUSTAIN_RATE=n] [SUSTAIN_SECONDS=n] [JFR=file] bench/aggregator-throughput.sh [events]
# Run it on a machine as quiet as you can get: the figures are CPU-bound and shared with whatever runs.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-500000}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -pl metrics-aggregator -am test -Dtest=BrokerThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.events="$events" -Dbench.warmup="${WARMUP:-200000}" \
  -Dbench.sustain.rate="${SUSTAIN_RATE:-10000}" -Dbench.sustain.seconds="${SUSTAIN_SECONDS:-60}" -Dbench.jfr="${JFR:+$(realpath -m "$JFR")}" 2>&1 \
  | awk '/^=== aggregator on a broker/ {show = 1} show {print} /^check \(/ {show = 0} /ERROR|FAIL/ {print}'
