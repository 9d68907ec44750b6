#!/usr/bin/env bash
# Reliability harness (loopback only, bounded: about 8 minutes). Runs the fleet (./run-fleet.sh) with
# the simulated provider latency at 300 ms, puts a steady load of RATE (30) requests/s on nginx for
# each scenario, breaks something 10 s in, and prints one row per scenario: requests sent, answered
# 200, answered with an error (by status), never answered, duplicate provider calls (provider calls
# counted by the aggregator beyond one per answered request), and the longest stall (the longest an
# answered request waited; p50 for comparison). Scenarios: kill -9 a router worker; SIGTERM a router
# worker; kill -9 an ingress; the broker down for 10 s; kill -9 the aggregator and restart it
# (totals must equal the replies' sums). Stops the fleet at the end. Needs python3, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLEET_PORT=${FLEET_PORT:-28080} FLEET_KAFKA_PORT=${FLEET_KAFKA_PORT:-29092} FLEET_REDIS_PORT=${FLEET_REDIS_PORT:-28379}
export FLEET_PORT_BASE=${FLEET_PORT_BASE:-28100}
export AI_SIMULATED_LATENCY_MS=300 AI_SIMULATED_JITTER_MS=50 AI_RATE_LIMIT_ENABLED=false AI_CACHE_ENABLED=false
rate=${RATE:-30}; seconds=${SECONDS_PER_SCENARIO:-30}
only=${1:-all}
trap './run-fleet.sh stop >/dev/null 2>&1 || true' EXIT
./run-fleet.sh --fresh >/tmp/reliability-fleet.log 2>&1 || { cat /tmp/reliability-fleet.log; exit 1; }
agg=http://127.0.0.1:$((FLEET_PORT_BASE + 31))
api=http://127.0.0.1:$FLEET_PORT
calls() { curl -s "$api/api/ai/metrics" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("totalCalls",0), d.get("totalCost",0))'; }
settle() { sleep 5; }
rows=()

scenario() { # name action(at 10 s) recovery
  local name=$1 action=$2 recovery=$3
  [ "$only" = all ] || [ "$only" = "$name" ] || return 0
  settle
  read -r calls0 cost0 < <(calls)
  python3 bench/reliability_load.py 127.0.0.1 "$FLEET_PORT" "$rate" "$seconds" >/tmp/reliability-$name.json &
  local load=$!
  sleep 10
  eval "$action"
  wait $load
  eval "$recovery"
  # The aggregator trails the calls by about a second (longer after a restart): wait until the totals settle.
  # After a kill -9 the aggregator's open transaction must be aborted (Kafka Streams exactly-once)
  # before its input moves again: the totals count only once unchanged for 15 s (at most 2 minutes).
  local last="" now same=0
  for _ in $(seq 1 24); do
    sleep 5; now=$(calls)
    if [ "$now" = "$last" ]; then same=$((same + 1)); [ $same -ge 3 ] && break; else same=0; fi
    last=$now
  done
  read -r calls1 cost1 <<<"$now"
  rows+=("$(python3 - "$name" "$calls0" "$calls1" "$cost0" "$cost1" <<'PY'
import json, sys
name, c0, c1, k0, k1 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
r = json.load(open(f"/tmp/reliability-{name}.json"))
errors = ", ".join(f"{k}: {v}" for k, v in sorted(r["errors"].items())) or "0"
dup = int(c1 - c0) - r["ok"]
extra = f" (analytics cost {k1 - k0:.6f} vs replies {r['cost']:.6f})" if name == "aggregator-kill9" else ""
if name == "broker-down-10s" and r.get("last_error_at"):
    stopped = float(open("/tmp/reliability-broker-stopped").read())
    back = float(open("/tmp/reliability-broker-back").read())
    extra = (f" (broker stopped for {back - stopped:.1f} s until it answered again; errors answered in"
             f" {r['error_p50_ms']} ms p50, {r['error_max_ms']} ms at most; the last error was sent {r['last_error_at'] - back:+.1f} s after the broker was back)")
print(f"| {name} | {r['sent']} | {r['ok']} | {errors} | {r['never']} | {max(dup, 0)} | {r['max_ms']} ms (p50 {r['p50_ms']} ms){extra} |")
PY
)")
}

pid() { cat ".fleet/$1.pid"; }
scenario router-kill9 'kill -9 $(pid router-worker-1)' './run-fleet.sh >/dev/null'
scenario router-sigterm 'kill -TERM $(pid router-worker-2)' './run-fleet.sh >/dev/null'
scenario ingress-kill9 'kill -9 $(pid ingress-1)' './run-fleet.sh >/dev/null'
scenario broker-down-10s 'date +%s.%N >/tmp/reliability-broker-stopped; kill -TERM $(pid broker); sleep 10; ./run-fleet.sh >/dev/null; date +%s.%N >/tmp/reliability-broker-back' 'true'
scenario aggregator-kill9 'kill -9 $(pid metrics-aggregator); rm -f .fleet/metrics-aggregator.pid; ./run-fleet.sh >/dev/null' 'true'

echo
echo "| scenario | sent | 200 | errors (by status) | never answered | duplicate provider calls | longest stall |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
