#!/usr/bin/env bash
# The metrics aggregator's throughput per stream thread, measured on a real broker.
#
# Starts a real in-JVM KRaft broker (Kafka's own broker classes, as LocalKafka and the aggregator's
# integration test do), produces N Avro MetricEvents to ai.metrics first (default 500000; seven models
# of three providers, 5 % failures of four kinds, 10 % cache hits, some unpriced calls, every
# complexity and cost priority, a fifth from one of 2,000 users, timestamps spread over five minutes
# with up to 2 s of disorder), then starts the aggregator's real topology with the production Streams
# configuration (StreamsConfigs: exactly_once_v2, one stream thread, RocksDB stores, default alert
# rules, the call meters) and prints, in one table: steady-state events/s (from the moment 10 % of the
# events were decoded, JIT and start-up behind it, until the committed offsets cover every input,
# repartition topics included), CPU per event of the stream thread and of the whole process (broker
# included), the load average, the lag curve (backlog not yet decoded, each second) and a check that
# the all-models running total counts every event exactly once.
#
# Code: metrics-aggregator/src/test/java/.../bench/BrokerThroughputBenchmark.java (skipped unless
# -Dbench.events is given). JFR=path.jfr also records a profile of the measured run (summarise it with
# `jfr print --events jdk.ExecutionSample path.jfr`).
#
# Before the measured backlog, WARMUP events (default 200000) go through the same running topology (JIT,
# task assignment, stores); processing is paused while the measured backlog is produced.
#
# Then a sustained phase: SUSTAIN_RATE events/s (default 10000) with current timestamps for
# SUSTAIN_SECONDS (default 60; the issue's 5 minutes: 300; 0 skips it), the committed lag every second
# (printed every 5 s), and half-way one event that breaches the daily budget: the time from its
# acknowledgement by the broker to its alert being readable (read_committed) on ai.alerts.
#
# Usage: [WARMUP=n] [SUSTAIN_RATE=n] [SUSTAIN_SECONDS=n] bench/aggregator-throughput.sh [events]    (run it on a machine as quiet as you can get)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-500000}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -pl metrics-aggregator -am test -Dtest=BrokerThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.events="$events" -Dbench.warmup="${WARMUP:-200000}" \
  -Dbench.sustain.rate="${SUSTAIN_RATE:-10000}" -Dbench.sustain.seconds="${SUSTAIN_SECONDS:-60}" -Dbench.jfr="${JFR:+$(realpath -m "$JFR")}" 2>&1 \
  | awk '/^=== aggregator on a broker/ {show = 1} show {print} /^check \(/ {show = 0} /ERROR|FAIL/ {print}'
