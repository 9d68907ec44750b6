#!/usr/bin/env bash
# Starts the whole pipeline in one JVM: an in-JVM KRaft broker, the router worker, the metrics
# aggregator and the ingress API on http://localhost:8080. Providers without an API key are simulated.
# Builds first when the sources are newer than the jar. Extra JVM flags: JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")"
jar=local-stack/target/local-stack.jar
if [ ! -f "$jar" ] || [ -n "$(find . -path ./.git -prune -o \( -name '*.java' -o -name '*.yml' -o -name '*.avsc' -o -name 'pom.xml' -o -name '*.xml' \) -newer "$jar" -print -quit)" ]; then
  echo "Building (first run, or sources changed)..."
  mvn -q -B -DskipTests install
fi
exec java ${JAVA_OPTS:--XX:+UseSerialGC -Xmx1g} -jar "$jar" "$@"
