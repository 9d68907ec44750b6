#!/usr/bin/env bash
# A real KRaft broker (Kafka's own server classes) as a process of its own, with a persistent data
# directory: KAFKA_DATA_DIR (default .data/broker), KAFKA_PORT (9092; the controller uses the next
# port), --fresh deletes the data first. SIGTERM / Ctrl-C shuts it down cleanly.
set -euo pipefail
cd "$(dirname "$0")"
export KAFKA_DATA_DIR=${KAFKA_DATA_DIR:-$PWD/.data/broker}
[ "${1:-}" = "--fresh" ] && { echo "Fresh start: deleting $KAFKA_DATA_DIR"; rm -rf "$KAFKA_DATA_DIR"; }
jar=local-stack/target/local-stack.jar
[ -f "$jar" ] || mvn -q -B -DskipTests -pl local-stack -am package
exec java ${JAVA_OPTS:--XX:+UseSerialGC -Xmx512m} -cp "$jar" -Dloader.main=io.multiai.gateway.local.KafkaBrokerMain \
  org.springframework.boot.loader.launch.PropertiesLauncher
