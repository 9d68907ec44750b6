#!/usr/bin/env bash
# Capacity with a slow provider (issue 18, target 3): the fake OpenAI upstream answers after DELAY_MS
# (default 1000 ms), the whole local stack (one router worker) routes to it, and per concurrency level
# (LEVELS, default "64 256 1024 2048") wrk runs against the fake directly and against /api/ai/route
# pinned to openai, back to back. Little's law bounds what any path can do: concurrency / latency.
# It prints achieved req/s, that bound, achieved / bound, achieved / direct in the same run, p50/p99
# and errors (wrk's connect/read/write/timeout errors plus non-2xx answers).
# wrk's timeout is the gateway's own reply deadline (30 s): a request that waits in Kafka for a free
# slot is slow, not an error; only an answer the gateway gives up on (or a refusal) is.
# The first DELAY_MS of every cell has no answers yet, so a cell of DURATION seconds reaches at most
# (DURATION - delay) / DURATION of the bound; the direct column has the same ramp, the ratio to it not.
# The start-up figures (target 4) come first: the time "is up" is printed, and the first request's latency.
# Usage: bench/capacity.sh     (KEEP_LOGS=1 keeps the stack's log; JAVA=/usr/lib/jvm/.../bin/java runs the stack on another JDK; DELAY_MS=1000 LEVELS="64 256 1024 2048" DURATION=20s WARMUP=10s to change)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/stack.sh
duration=${DURATION:-20s}
levels=${LEVELS-"64 256 1024 2048"}
delay=${DELAY_MS:-1000}
warmup=${WARMUP:-10s}
fake_port=18510
port=18090
jar=${JAR:-local-stack/target/local-stack.jar}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f "$jar" ] || mvn -B -q -DskipTests -pl local-stack -am package
# wrk holds one socket per connection, the stack two more per request in flight (client side and provider side).
ulimit -n 65536 2>/dev/null || true

launch() { exec java -cp "$jar" -Dloader.main="$1" org.springframework.boot.loader.launch.PropertiesLauncher "${@:2}"; }
calc() { awk "BEGIN{printf \"%.2f\", $1}"; }
rss_mb() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
load() { awk '{print $1}' /proc/loadavg; }

logs=$(mktemp -d)
launch io.multiai.gateway.local.FakeOpenAiServer $fake_port "$delay" >"$logs/fake.log" 2>&1 &
fake=$!
started=$(date +%s%N)
start_stack "$port" "$logs"
trap 'kill $stack $fake 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP_LOGS:-}" ] && echo "logs kept in $logs" || rm -rf "$logs"' EXIT
wait_until_up "$logs"
up=$(date +%s%N)
body='{"query":"What is the capital of France?","provider":"openai","fallback":false}'
first=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -XPOST "localhost:$port/api/ai/route" \
  -H 'content-type: application/json' -H 'cache-control: no-cache' -d "$body")
second=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -XPOST "localhost:$port/api/ai/route" \
  -H 'content-type: application/json' -H 'cache-control: no-cache' -d "$body")
echo "start: launch -> 'is up' $(calc "($up - $started) / 1e9") s; first request $(calc "${first#* } * 1000 - $delay") ms" \
  "beyond the provider's $delay ms (HTTP ${first% *}), second $(calc "${second#* } * 1000 - $delay") ms; load $(load)"

run() { # script url connections -> RESULT fields
  wrk -t2 -c"$2" -d"$duration" --timeout 30s --latency -s "bench/lua/$1.lua" "$3" | awk '/^RESULT/{print $2, $3, $4, $5, $6, $7}'
}

echo "warming up ($warmup at 256 connections) ..."
wrk -t2 -c256 -d"$warmup" --timeout 30s -s bench/lua/gateway.lua "http://127.0.0.1:$port" >/dev/null

printf "\n%-5s | %-7s | %-30s | %-30s | %-13s | %-11s | %s\n" "conc" "bound/s" "direct: req/s p50 p99 (ms) err" \
  "gateway: req/s p50 p99 (ms) err" "gw / bound" "gw / direct" "load"
peak=0
for c in $levels; do
  read -r d_rps d_p50 d_p90 d_p99 d_err d_n < <(run direct "$c" "http://127.0.0.1:$fake_port")
  sleep 2
  read -r g_rps g_p50 g_p90 g_p99 g_err g_n < <(run gateway "$c" "http://127.0.0.1:$port")
  r=$(rss_mb $stack); [ "$r" != "?" ] && [ "$r" -gt "$peak" ] && peak=$r
  bound=$(calc "$c * 1000 / $delay")
  printf "%-5s | %7.0f | %7.0f %8.0f %8.0f %5s | %7.0f %8.0f %8.0f %5s | %12s%% | %10s%% | %s\n" "$c" "$bound" \
    "$d_rps" "$d_p50" "$d_p99" "$d_err" "$g_rps" "$g_p50" "$g_p99" "$g_err" \
    "$(calc "100 * $g_rps / $bound")" "$(calc "100 * $g_rps / ($d_rps > 0 ? $d_rps : 1)")" "$(load)"
  sleep 3
done
echo
echo "RSS: stack (broker + 4 services, one JVM) $(rss_mb $stack) MB now, ${peak} MB peak after a level"
# What the stack burns with no traffic at all (consumers polling, the aggregator's punctuations, the
# broker's housekeeping), after 20 s for the load's after-effects (backlog, JIT) to settle.
sleep 20
hz=$(getconf CLK_TCK); t0=$(awk '{print $14 + $15}' /proc/$stack/stat); sleep 10; t1=$(awk '{print $14 + $15}' /proc/$stack/stat)
echo "idle: the stack uses $(calc "100 * ($t1 - $t0) / $hz / 10") % of one core with no traffic (10 s); load $(load)"
