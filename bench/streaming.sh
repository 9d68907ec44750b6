#!/usr/bin/env bash
# Streaming through the gateway vs from the provider directly, in one run on this machine: starts a fake
# OpenAI upstream that streams SSE chunks at a fixed pace (CHUNKS words, one every PACE_MS, the first at
# once) and the whole local stack (local-stack.jar) with the real OpenAI client pointed at it, then, per
# concurrency level (1, 32), streams from the fake directly and from POST /v1/chat/completions pinned to
# gpt-5-mini (so through Kafka: request record, router worker, provider stream, one StreamDelta record per
# chunk, ingress), back to back, and prints time to first token (request sent -> first chunk with content)
# and inter-chunk gap percentiles for both, the latency the gateway adds, and their ratios; and, since the fake
# stamps each word with the wall-clock time it sent it, how long the first chunk took from the provider to
# the client (the issue's measure: "the first byte reaches the client no later than ~5 ms after it left the
# provider"), directly (the HTTP hop alone) and through the gateway.
# The gateway is warmed up first (WARMUP seconds at 32 streams) so the JIT has compiled the hot path.
# Usage: bench/streaming.sh        (DURATION=15 LEVELS="1 32" CHUNKS=10 PACE_MS=20 WARMUP=20 to change)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/stack.sh
duration=${DURATION:-15}
levels=${LEVELS:-"1 32"}
chunks=${CHUNKS:-10}
pace=${PACE_MS:-20}
warmup=${WARMUP:-20}
fake_port=${FAKE_PORT:-18510}
port=${PORT_BASE:-18090}
jar=local-stack/target/local-stack.jar

# Built in place (never `mvn install`: ~/.m2 is shared).
[ -f "$jar" ] || mvn -q -B -pl local-stack -am package -DskipTests

launch() { exec java -cp "$jar" -Dloader.main="$1" org.springframework.boot.loader.launch.PropertiesLauncher "${@:2}"; }
calc() { awk "BEGIN{printf \"%.2f\", $1}"; }
probe() { # url concurrency seconds label -> RESULT fields after the label
  java -cp "$jar" -Dloader.main=io.multiai.gateway.local.StreamingLatencyProbe org.springframework.boot.loader.launch.PropertiesLauncher \
    "$1" gpt-5-mini "$2" "$3" "$4" 2>/dev/null | awk '/^RESULT/{print $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14}'
}

logs=$(mktemp -d)
launch io.multiai.gateway.local.FakeOpenAiServer $fake_port 0 "$chunks" "$pace" >"$logs/fake.log" 2>&1 &
fake=$!
AI_CACHE_ENABLED=false start_stack "$port" "$logs"
# KEEP_LOGS=1 keeps the stack's and the fake's logs (the directory is printed) to look into a bad run.
trap 'kill $stack $fake 2>/dev/null; wait 2>/dev/null; if [ "${KEEP_LOGS:-0}" = 1 ]; then echo "logs kept in $logs"; else rm -rf "$logs"; fi' EXIT
wait_until_up "$logs"
check=$(curl -sN -XPOST "localhost:$port/v1/chat/completions" -H 'content-type: application/json' -H 'cache-control: no-cache' \
  -d '{"model":"gpt-5-mini","stream":true,"messages":[{"role":"user","content":"check"}]}')
echo "$check" | grep -q 'word1' && echo "$check" | grep -q '\[DONE\]' \
  || { echo "the gateway did not stream from the fake upstream: $check"; exit 1; }

echo "fake upstream: $chunks chunks per answer, one every $pace ms (the first at once); $duration s per run"
echo "warming up the gateway (JIT) for $warmup s ..."
probe "http://127.0.0.1:$port" 32 "$warmup" warmup >/dev/null
probe "http://127.0.0.1:$fake_port" 8 3 warmup >/dev/null

row() { printf "%-4s | %-7s | %7s | %8s %8s %8s | %8s %8s %8s | %8s %8s %8s %s\n" "$@"; }
echo
row conc path streams "TTFT p50" p95 p99 "gap p50" p95 p99 "1st p50" p95 p99 "(ms; 1st = first chunk provider -> client)"
declare -A results
for c in $levels; do
  read -r d_n d_err d_t50 d_t95 d_t99 d_g50 d_g95 d_g99 d_f50 d_f95 d_f99 < <(probe "http://127.0.0.1:$fake_port" "$c" "$duration" direct)
  read -r g_n g_err g_t50 g_t95 g_t99 g_g50 g_g95 g_g99 g_f50 g_f95 g_f99 < <(probe "http://127.0.0.1:$port" "$c" "$duration" gateway)
  row "$c" direct "$d_n" "$d_t50" "$d_t95" "$d_t99" "$d_g50" "$d_g95" "$d_g99" "$d_f50" "$d_f95" "$d_f99" "($d_err errors)"
  row "$c" gateway "$g_n" "$g_t50" "$g_t95" "$g_t99" "$g_g50" "$g_g95" "$g_g99" "$g_f50" "$g_f95" "$g_f99" "($g_err errors)"
  row "$c" added "" "$(calc "$g_t50 - $d_t50")" "$(calc "$g_t95 - $d_t95")" "$(calc "$g_t99 - $d_t99")" \
    "$(calc "$g_g50 - $d_g50")" "$(calc "$g_g95 - $d_g95")" "$(calc "$g_g99 - $d_g99")" \
    "$(calc "$g_f50 - $d_f50")" "$(calc "$g_f95 - $d_f95")" "$(calc "$g_f99 - $d_f99")" "(gateway minus direct)"
  row "$c" ratio "" "$(calc "$g_t50 / $d_t50")x" "$(calc "$g_t95 / $d_t95")x" "$(calc "$g_t99 / $d_t99")x" \
    "$(calc "$g_g50 / $d_g50")x" "$(calc "$g_g95 / $d_g95")x" "$(calc "$g_g99 / $d_g99")x" "" "" "" "(gateway / direct)"
  results[$c]="$g_f50 $g_f99"
done
echo
echo "Target (issue 14): the first byte reaches the client no later than ~5 ms after it left the provider."
for c in $levels; do
  read -r f50 f99 <<<"${results[$c]}"
  printf "  concurrency %-3s first chunk provider -> client through the gateway: p50 %s ms, p99 %s ms: %s\n" "$c" "$f50" "$f99" \
    "$(awk "BEGIN{exit !(\"$f50\" != \"NaN\" && $f50 + 0 <= 5)}" 2>/dev/null && echo "p50 MET" || echo "p50 NOT MET")"
done
echo "(a shared, noisy 2-core machine: compare within one run; the ratios move less than the absolute figures)"
