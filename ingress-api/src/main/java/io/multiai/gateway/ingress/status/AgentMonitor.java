package io.multiai.gateway.ingress.status;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.KafkaFuture;

import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.ingress.settings.IngressProperties;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Whether each agent runs somewhere in the fleet: an agent is active while its consumer group has
 * live members (a crashed worker leaves the group when its session times out). Cached briefly so a
 * load balancer polling /api/ai/status does not turn into a stream of admin requests.
 */
public final class AgentMonitor implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AgentMonitor.class);

  public enum Agent { ROUTER, ENSEMBLE, AGGREGATOR }

  private final Admin admin;
  private final IngressProperties.Agents agents;
  private final Clock clock;
  private volatile Map<Agent, Boolean> cached = Map.of();
  private volatile long cachedAt;  // 0: never described (epoch millis are far past the cache period)

  public AgentMonitor(KafkaSettings kafka, IngressProperties.Agents agents, Clock clock) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000));
    this.agents = agents;
    this.clock = clock;
  }

  public Mono<Map<Agent, Boolean>> active() {
    if (clock.millis() - cachedAt < agents.cacheFor().toMillis()) {
      return Mono.just(cached);
    }
    // describeConsumerGroups answers through a KafkaFuture; waiting for it belongs off the event loop.
    return Mono.fromCallable(this::describe).subscribeOn(Schedulers.boundedElastic())
        .doOnNext(result -> {
          cached = result;
          cachedAt = clock.millis();
        })
        .doOnError(e -> log.warn("cannot tell which agents run: {}", e.toString()))
        .onErrorResume(e -> Mono.just(Map.of(Agent.ROUTER, false, Agent.ENSEMBLE, false, Agent.AGGREGATOR, false)));
  }

  private Map<Agent, Boolean> describe() throws InterruptedException {
    Map<String, Agent> groups = Map.of(agents.routerGroup(), Agent.ROUTER, agents.ensembleGroup(), Agent.ENSEMBLE,
        agents.aggregatorGroup(), Agent.AGGREGATOR);
    Map<String, KafkaFuture<ConsumerGroupDescription>> described =
        admin.describeConsumerGroups(List.copyOf(groups.keySet())).describedGroups();
    Map<Agent, Boolean> result = new HashMap<>();
    for (Map.Entry<String, Agent> group : groups.entrySet()) {
      result.put(group.getValue(), hasMembers(described.get(group.getKey())));
    }
    return result;
  }

  /** Since Kafka 4 a group that never existed is an error (GroupIdNotFound), which means inactive too. */
  private static boolean hasMembers(KafkaFuture<ConsumerGroupDescription> description) throws InterruptedException {
    try {
      return !description.get(3, TimeUnit.SECONDS).members().isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("agent group not described: {}", e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
