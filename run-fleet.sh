#!/usr/bin/env bash
# The gateway as a fleet on this machine, each part its own OS process: a KRaft broker, Redis, two
# ingress instances behind nginx, two router workers, the ensemble worker and the metrics aggregator.
#
#   ./run-fleet.sh [--fresh]   start (--fresh: delete the fleet's data first); returns when all are up
#   ./run-fleet.sh stop        stop in order: nginx, ingress, workers, aggregator, broker, redis
#   ./run-fleet.sh status      which processes run
#
# Logs in .fleet/<name>.log, PIDs in .fleet/<name>.pid, data (broker log, aggregator state, the
# user-id secret generated on first start) in .fleet/data. Providers are simulated unless their API
# keys are set. Everything listens on 127.0.0.1 only (the ingress runs without API keys, as the local
# stack does; AI_AUTH_ENABLED=true with gateway keys turns them on).
# Ports: FLEET_PORT (nginx, 8080), FLEET_KAFKA_PORT (9092, controller +1), FLEET_REDIS_PORT (6380),
# FLEET_PORT_BASE (18100: ingress +1/+2, routers +11/+12, ensemble +21, aggregator +31).
# JVM flags per service: FLEET_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
dir=$root/.fleet
data=$dir/data
port=${FLEET_PORT:-8080}
kafka_port=${FLEET_KAFKA_PORT:-9092}
redis_port=${FLEET_REDIS_PORT:-6380}
base=${FLEET_PORT_BASE:-18100}
java_opts=${FLEET_JAVA_OPTS:--XX:+UseSerialGC -Xmx384m -Xss512k}
services=(ingress-api router-worker ensemble-worker metrics-aggregator)
# Stop order: the edge first (no new work), then the workers (they finish what is in flight), then
# the aggregator (it counts what the workers emitted), the broker and Redis last.
stop_order=(nginx "ingress-1 ingress-2" "router-worker-1 router-worker-2 ensemble-worker" metrics-aggregator broker redis)

pid_of() { [ -f "$dir/$1.pid" ] && cat "$dir/$1.pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

stop_one() { # name: SIGTERM, wait up to 15 s, then SIGKILL
  local name=$1 pid
  pid=$(pid_of "$name")
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -f "$dir/$name.pid"; return; fi
  if [ "$name" = nginx ]; then kill -QUIT "$pid"; else kill -TERM "$pid"; fi
  local started=$SECONDS
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  $name did not stop in 15 s: killing it"; kill -KILL "$pid" 2>/dev/null || true
  else
    echo "  $name stopped ($((SECONDS - started)) s)"
  fi
  rm -f "$dir/$name.pid"
}

stop_fleet() {
  local started=$SECONDS
  for tier in "${stop_order[@]}"; do
    local pids=()
    for name in $tier; do stop_one "$name" & pids+=($!); done
    wait "${pids[@]}"
  done
  echo "fleet stopped in $((SECONDS - started)) s"
}

wait_port() { # name port seconds
  for _ in $(seq 1 $(($3 * 5))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    alive "$1" || { echo "$1 died while starting; its log:"; tail -30 "$dir/$1.log"; return 1; }
    sleep 0.2
  done
  echo "$1 did not listen on $2 in $3 s; its log:"; tail -30 "$dir/$1.log"; return 1
}

wait_health() { # name port seconds
  for _ in $(seq 1 $(($3 * 2))); do
    curl -fs "http://127.0.0.1:$2/actuator/health" >/dev/null 2>&1 && return 0
    alive "$1" || { echo "$1 died while starting; its log:"; tail -30 "$dir/$1.log"; return 1; }
    sleep 0.5
  done
  echo "$1 not healthy on $2 in $3 s; its log:"; tail -30 "$dir/$1.log"; return 1
}

launch() { # name, then env assignments, then -- and the command
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  if alive "$name"; then echo "  $name already runs (pid $(pid_of "$name"))"; return; fi
  # A session of its own: a Ctrl-C meant for this script does not reach the fleet.
  setsid env "${envs[@]}" "$@" >"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}

service_env() { # the settings every instance shares
  echo "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$kafka_port" "AI_USER_ID_SECRET=$(cat "$data/user-id-secret")" \
    "AI_KAFKA_PARTITIONS=${AI_KAFKA_PARTITIONS:-6}" "SERVER_ADDRESS=127.0.0.1"
}

build_if_needed() {
  local jars=(local-stack/target/local-stack.jar) newest_missing=""
  for s in "${services[@]}"; do jars+=("$s/target/$s.jar"); done
  for j in "${jars[@]}"; do [ -f "$j" ] || newest_missing=1; done
  local oldest
  oldest=$(ls -tr "${jars[@]}" 2>/dev/null | head -1 || true)
  if [ -n "$newest_missing" ] || [ -n "$(find . -path ./.git -prune -o -path '*/target' -prune -o -path ./.data -prune \
      -o -path ./.fleet -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$oldest" -print -quit)" ]; then
    echo "Building the jars (first run, or sources changed)..."
    mvn -q -B -DskipTests -pl local-stack -am package
  fi
}

nginx_conf() { # writes .fleet/nginx.conf from the template shared with docker-compose
  mkdir -p "$dir/nginx-temp"
  sed -e "s|\${NGINX_LISTEN}|127.0.0.1:$port|" -e "s|\${INGRESS_1}|127.0.0.1:$((base + 1))|" \
      -e "s|\${INGRESS_2}|127.0.0.1:$((base + 2))|" deploy/nginx/gateway.conf.template >"$dir/nginx-gateway.conf"
  {
    [ "$(id -u)" = 0 ] && echo "user $(id -un);"  # workers as the current user, not nginx's default 'nobody'
    cat <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    client_body_temp_path $dir/nginx-temp/body;
    proxy_temp_path $dir/nginx-temp/proxy;
    fastcgi_temp_path $dir/nginx-temp/fastcgi;
    uwsgi_temp_path $dir/nginx-temp/uwsgi;
    scgi_temp_path $dir/nginx-temp/scgi;
    include $dir/nginx-gateway.conf;
}
CONF
  } >"$dir/nginx.conf"
}

start_fleet() {
  command -v java >/dev/null || { echo "java is missing (Java 17 or later: apt-get install openjdk-17-jre-headless)"; exit 1; }
  # nginx, Redis and curl are Debian packages: installed when missing, as .ci/run does.
  local missing=()
  for tool in nginx redis-server curl; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing ${missing[*]} (apt-get)..."
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
      || { echo "could not install ${missing[*]}: install them (apt-get install ${missing[*]}) and run again"; exit 1; }
  fi
  export PATH="$PATH:/usr/sbin"
  if [ "${1:-}" = "--fresh" ]; then
    alive broker && { echo "the fleet runs: ./run-fleet.sh stop first"; exit 1; }
    echo "Fresh start: deleting $data"; rm -rf "$data"
  fi
  mkdir -p "$data"
  build_if_needed
  # The user-id HMAC secret must be the same on every instance (each checks it at start): one per fleet.
  [ -s "$data/user-id-secret" ] || { head -c 32 /dev/urandom | base64 | tr -d '\n=' >"$data/user-id-secret"; chmod 600 "$data/user-id-secret"; }
  local started=$SECONDS
  echo "Starting the fleet (logs in $dir)..."
  if ! alive redis; then
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    for _ in $(seq 1 50); do [ -s "$dir/redis.pid" ] && break; sleep 0.1; done
  fi
  launch broker KAFKA_DATA_DIR="$data/broker" KAFKA_PORT="$kafka_port" KAFKA_HOST=127.0.0.1 -- \
    java $java_opts -cp local-stack/target/local-stack.jar -Dloader.main=io.multiai.gateway.local.KafkaBrokerMain \
    org.springframework.boot.loader.launch.PropertiesLauncher
  wait_port broker "$kafka_port" 120 || return 1
  # shellcheck disable=SC2046
  launch metrics-aggregator $(service_env) AI_INSTANCE_ID=metrics-aggregator AGGREGATOR_PORT=$((base + 31)) \
    AGGREGATOR_STATE_DIR="$data/aggregator-state" -- java $java_opts -jar metrics-aggregator/target/metrics-aggregator.jar
  # The first instance records the fleet's shared settings: let the aggregator finish before the rest start.
  wait_health metrics-aggregator $((base + 31)) 180 || return 1
  for i in 1 2; do
    launch router-worker-$i $(service_env) AI_INSTANCE_ID=router-worker-$i ROUTER_PORT=$((base + 10 + i)) -- \
      java $java_opts -jar router-worker/target/router-worker.jar
  done
  launch ensemble-worker $(service_env) AI_INSTANCE_ID=ensemble-worker ENSEMBLE_PORT=$((base + 21)) -- \
    java $java_opts -jar ensemble-worker/target/ensemble-worker.jar
  for i in 1 2; do
    # Each ingress reads only its own reply partition (0, 1), so neither decodes the other's replies.
    launch ingress-$i $(service_env) AI_INSTANCE_ID=ingress-$i PORT=$((base + i)) AI_REPLY_PARTITION=$((i - 1)) \
      AI_AUTH_ENABLED="${AI_AUTH_ENABLED:-false}" AI_REDIS_URL="redis://127.0.0.1:$redis_port" AI_TRUSTED_PROXIES=127.0.0.1 -- \
      java $java_opts -jar ingress-api/target/ingress-api.jar
  done
  for i in 1 2; do wait_health router-worker-$i $((base + 10 + i)) 180 || return 1; done
  wait_health ensemble-worker $((base + 21)) 180 || return 1
  for i in 1 2; do wait_health ingress-$i $((base + i)) 180 || return 1; done
  nginx_conf
  if ! alive nginx; then
    nginx -e "$dir/nginx.log" -c "$dir/nginx.conf" -p "$dir"
    for _ in $(seq 1 50); do [ -s "$dir/nginx.pid" ] && break; sleep 0.1; done
  fi
  wait_port nginx "$port" 10 || return 1
  echo "Fleet up in $((SECONDS - started)) s:"
  status_fleet
  echo "  API: curl localhost:$port/api/ai/route -H 'content-type: application/json' -d '{\"query\":\"hi\"}'"
  echo "  ./run-fleet.sh stop stops it."
}

status_fleet() {
  for name in broker redis metrics-aggregator router-worker-1 router-worker-2 ensemble-worker ingress-1 ingress-2 nginx; do
    if alive "$name"; then printf '  %-20s pid %s\n' "$name" "$(pid_of "$name")"; else printf '  %-20s not running\n' "$name"; fi
  done
}

mkdir -p "$dir"
case "${1:-start}" in
  stop) stop_fleet ;;
  status) status_fleet ;;
  start | --fresh) start_fleet "${1:-}" || { echo "The fleet did not start: stopping what did."; stop_fleet; exit 1; } ;;
  *) echo "usage: $0 [--fresh] | stop | status"; exit 2 ;;
esac
