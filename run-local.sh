#!/usr/bin/env bash
# Starts the whole pipeline in one JVM: a KRaft broker, the router worker, the ensemble worker, the
# metrics aggregator and the ingress API on http://localhost:8080. Providers without an API key are
# simulated. Data (topics: analytics, alerts, blocks; the aggregator's state) persists in
# GATEWAY_DATA_DIR (default .data/local); --fresh deletes it first. Ctrl-C stops the services, then
# the broker. Builds first when a source (src/, pom.xml) is newer than the jar. Extra JVM flags: JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")"
export GATEWAY_DATA_DIR=${GATEWAY_DATA_DIR:-$PWD/.data/local}
args=()
for arg in "$@"; do
  case "$arg" in
    --fresh) echo "Fresh start: deleting $GATEWAY_DATA_DIR"; rm -rf "$GATEWAY_DATA_DIR" ;;
    *) args+=("$arg") ;;
  esac
done
jar=local-stack/target/local-stack.jar
# Only sources count: test reports and classes under target/ are newer after every mvn verify.
if [ ! -f "$jar" ] || [ -n "$(find . -path ./.git -prune -o -path '*/target' -prune -o -path ./.data -prune -o -path ./.fleet -prune \
    -o \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$jar" -print -quit)" ]; then
  echo "Building (first run, or sources changed)..."
  mvn -q -B -DskipTests -pl local-stack -am package
fi
exec java ${JAVA_OPTS:--XX:+UseSerialGC -Xmx1g} -jar "$jar" ${args[@]+"${args[@]}"}
