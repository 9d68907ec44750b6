# Sourced by the bench scripts that run the whole local stack against FakeOpenAiServer (gateway-overhead.sh,
# capacity.sh, streaming.sh): one way to launch it and to wait for it. Expects $jar and $fake_port.

# start_stack PORT LOGDIR: local-stack.jar with OpenAI live and pointed at the fake, limits raised, auth off,
# the services on PORT (ingress), +1 (router), +2 (aggregator), +3 (ensemble); JAVA and STACK_JAVA_OPTS pick
# the JVM. Extra settings go in front of the call (AI_CACHE_ENABLED=false start_stack …). Sets $stack.
start_stack() {
  OPENAI_API_KEY=bench-key OPENAI_BASE_URL="http://127.0.0.1:$fake_port/v1" \
    AI_RATE_LIMIT_ROUTE=100000000 AI_RATE_LIMIT_STATUS=100000000 AI_AUTH_ENABLED=false \
    PORT=$1 ROUTER_PORT=$(($1 + 1)) AGGREGATOR_PORT=$(($1 + 2)) ENSEMBLE_PORT=$(($1 + 3)) \
    "${JAVA:-java}" ${STACK_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g} -jar "$jar" >"$2/stack.log" 2>&1 &
  stack=$!
}

# wait_until_up LOGDIR: until the stack logs "is up" (printed), at most 3 minutes; exits with the log's tail
# when the stack died or never came up.
wait_until_up() {
  for _ in $(seq 1 1800); do
    grep -q "is up in" "$1/stack.log" && { grep "is up in" "$1/stack.log"; return 0; }
    kill -0 "$stack" 2>/dev/null || { tail -50 "$1/stack.log"; exit 1; }
    sleep 0.1
  done
  tail -50 "$1/stack.log"; echo "the stack was not up within 3 minutes"; exit 1
}
