#!/usr/bin/env bash
# Gateway overhead vs calling the provider directly, in one run on this machine:
# starts a fast fake OpenAI upstream (DELAY_MS, default 0) and the whole local stack with the real
# OpenAI client pointed at it, then, per concurrency level (1, 32, 64), runs wrk against the fake
# directly and against POST /api/ai/route pinned to openai, back to back, and prints requests/s,
# p50/p90/p99, the overhead (gateway minus direct) and the RSS of each process.
# First, as the floor under any Kafka request-reply design, it measures plain Kafka round trips on an
# in-JVM broker with the gateway's client settings (KAFKA_BASELINE=0 skips it).
# The gateway is warmed up (WARMUP, default 30s at 64 connections) so the JIT has compiled the hot
# path before anything is measured; the CPU column is the stack's CPU time per answered request.
# Usage: bench/gateway-overhead.sh        (DURATION=10s LEVELS="1 32 64" DELAY_MS=0 WARMUP=30s to change;
#        JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java runs the stack on another JDK)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/stack.sh
duration=${DURATION:-10s}
levels=${LEVELS:-"1 32 64"}
delay=${DELAY_MS:-0}
warmup=${WARMUP:-30s}
fake_port=18500
port=18080
jar=local-stack/target/local-stack.jar

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f "$jar" ] || mvn -q -B -DskipTests -pl local-stack -am package

launch() { exec java -cp "$jar" -Dloader.main="$1" org.springframework.boot.loader.launch.PropertiesLauncher "${@:2}"; }
calc() { awk "BEGIN{printf \"%.2f\", $1}"; }
holds() { awk "BEGIN{exit !($1)}"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# After load the stack keeps working for a while (the aggregator draining its backlog, the JIT
# compiling): wait (at most a minute) until it uses under a third of a core, so each level starts
# from a quiet machine. The JIT alone can keep a core partly busy for minutes after start.
wait_until_idle() {
  local hz before after waited=0
  hz=$(getconf CLK_TCK)
  while [ $waited -lt 60 ]; do
    before=$(cpu_ticks $stack); sleep 1; after=$(cpu_ticks $stack); waited=$((waited + 1))
    [ $(( (after - before) * 3 )) -lt "$hz" ] && break
  done
  echo "  (stack idle again after ${waited}s)" >&2
}
rss_mb() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

if [ "${KAFKA_BASELINE:-1}" != 0 ]; then
  echo "plain Kafka request-reply on an in-JVM broker (the floor; no HTTP, no Spring):"
  java -cp "$jar" -Dloader.main=io.multiai.gateway.local.KafkaRoundTripProbe org.springframework.boot.loader.launch.PropertiesLauncher 5 1 64 2>/dev/null \
    | grep "raw Kafka" | sed 's/^/  /'
fi

logs=$(mktemp -d)
launch io.multiai.gateway.local.FakeOpenAiServer $fake_port "$delay" >"$logs/fake.log" 2>&1 &
fake=$!
start_stack "$port" "$logs"
trap 'kill $stack $fake 2>/dev/null; wait 2>/dev/null; rm -rf "$logs"' EXIT
wait_until_up "$logs"
probe=$(curl -s -XPOST "localhost:$port/api/ai/route" -H 'content-type: application/json' -H 'cache-control: no-cache' \
  -d '{"query":"What is the capital of France?","provider":"openai","fallback":false}')
echo "$probe" | grep -q '"simulated":false' || { echo "the gateway did not answer from the fake upstream: $probe"; exit 1; }

peak_rss=0
sample_rss() { local r; r=$(rss_mb $stack); [ "$r" != "?" ] && [ "$r" -gt "$peak_rss" ] && peak_rss=$r; true; }
run() { # script url connections -> RESULT fields
  local threads=$(( $3 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$3" -d"$duration" --latency -s "bench/lua/$1.lua" "$2" | awk '/^RESULT/{print $2, $3, $4, $5, $6, $7}'
}

echo "warming up the gateway (JIT) for $warmup ..."
wrk -t2 -c64 -d"$warmup" -s bench/lua/gateway.lua "http://127.0.0.1:$port" >/dev/null
wait_until_idle
run direct "http://127.0.0.1:$fake_port" 8 >/dev/null

printf "\n%-5s | %-40s | %-40s | %-21s | %s\n" "conc" "direct: req/s  p50  p90  p99 (ms) err" "gateway: req/s  p50  p90  p99 (ms) err" "overhead p50 / p99" "stack CPU/req"
declare -A results
for c in $levels; do
  read -r d_rps d_p50 d_p90 d_p99 d_err d_n < <(run direct "http://127.0.0.1:$fake_port" "$c")
  ticks_before=$(cpu_ticks $stack)
  read -r g_rps g_p50 g_p90 g_p99 g_err g_n < <(run gateway "http://127.0.0.1:$port" "$c")
  ticks_after=$(cpu_ticks $stack)
  sample_rss
  cpu_per_req=$(calc "($ticks_after - $ticks_before) * 1000 / $(getconf CLK_TCK) / ($g_n > 0 ? $g_n : 1)")
  printf "%-5s | %8.0f %7.2f %7.2f %7.2f %6s | %8.0f %7.2f %7.2f %7.2f %6s | %+7.2f / %+7.2f ms | %5.2f ms\n" "$c" \
    "$d_rps" "$d_p50" "$d_p90" "$d_p99" "$d_err" "$g_rps" "$g_p50" "$g_p90" "$g_p99" "$g_err" \
    "$(calc "$g_p50 - $d_p50")" "$(calc "$g_p99 - $d_p99")" "$cpu_per_req"
  wait_until_idle
  results[$c]="$g_rps $g_p50 $d_p50 $g_err $cpu_per_req"
done
echo
echo "RSS: stack (broker + 4 services, one JVM) $(rss_mb $stack) MB now, ${peak_rss} MB peak after a level; fake upstream $(rss_mb $fake) MB"
echo
echo "Targets:"
target() { printf "  %-58s %s\n" "$1" "$2"; }
# Issue 18's targets (round 2 of the performance work).
if [ -n "${results[1]:-}" ]; then
  read -r rps g d err cpu <<<"${results[1]}"; o=$(calc "$g - $d")
  target "p50 overhead <= 3 ms at concurrency 1 (measured $o ms)" "$(holds "$o <= 3" && echo MET || echo NOT MET)"
fi
if [ -n "${results[32]:-}" ]; then
  read -r rps g d err cpu <<<"${results[32]}"; o=$(calc "$g - $d")
  target "p50 overhead <= 10 ms at concurrency 32 (measured $o ms)" "$(holds "$o <= 10" && echo MET || echo NOT MET)"
fi
if [ -n "${results[64]:-}" ]; then
  read -r rps g d err cpu <<<"${results[64]}"
  target ">= 2500 req/s at concurrency 64, 0 errors (measured $rps, $err errors)" "$(holds "$rps >= 2500" && [ "$err" = 0 ] && echo MET || echo NOT MET)"
  target "stack CPU <= 1.0 ms per request at concurrency 64 (measured $cpu ms)" "$(holds "$cpu <= 1.0" && echo MET || echo NOT MET)"
fi
target "whole stack RSS <= 1 GB under load (peak ${peak_rss} MB)" "$( [ "$peak_rss" -le 1024 ] && echo MET || echo NOT MET)"
