package io.multiai.gateway.common.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * How every service talks to Kafka. The defaults favour latency on the request-reply path; each
 * deviation from Kafka's own default says what it trades.
 */
@ConfigurationProperties("gateway.kafka")
public record KafkaSettings(
    @DefaultValue("localhost:9092") String bootstrapServers,
    @DefaultValue("6") int partitions,
    @DefaultValue("1") short replicationFactor,
    /* Request and reply topics hold user text: keep it no longer than a retry horizon. */
    @DefaultValue("1h") Duration ephemeralRetention,
    @DefaultValue("7d") Duration eventRetention,
    /*
     * Kafka's default. With fetch.min.bytes=1 the broker answers a waiting fetch the moment a record
     * arrives; this only bounds how long an empty fetch is held. 5 ms (tried first) bought no latency
     * (raw round trips measured 1.83 ms p50 at 5 ms, 1.40 ms at 500) and made every idle consumer
     * fetch 200 times a second: a quarter of a core for an idle stack.
     */
    @DefaultValue("500") int fetchMaxWaitMs,
    /* Kafka 4 producers linger 5 ms to batch; on a request-reply path that is 5 ms per hop. */
    @DefaultValue("0") int lingerMs,
    /*
     * Failover after a worker dies without leaving its group (kill -9, a lost host): the group
     * coordinator waits this long for a heartbeat before it hands the dead member's partitions to
     * the others. Kafka's default is 45 s, during which that member's requests wait and their callers
     * time out. 6 s is the smallest value a broker accepts by default (group.min.session.timeout.ms),
     * so it works against any cluster. Heartbeats every 0.5 s (Kafka: 3 s): a member learns that its group is
     * rebalancing only from a heartbeat's answer, so when a worker leaves on SIGTERM the others start
     * taking its partitions within half a second rather than 1.5 (the reliability harness's stall after a
     * SIGTERM: 1.4-2.1 s at 1.5 s); twelve chances to arrive within the session; two small requests a second.
     * No static membership (group.instance.id): a static member does not leave on shutdown, so
     * a SIGTERM'd worker's partitions would also wait out the session timeout. README "Failover".
     */
    @DefaultValue("" + DEFAULT_SESSION_TIMEOUT_MS) int sessionTimeoutMs,
    @DefaultValue("" + DEFAULT_HEARTBEAT_INTERVAL_MS) int heartbeatIntervalMs,
    /* This instance's name in client ids and health reports (AI_INSTANCE_ID); blank: a random suffix. */
    @DefaultValue("") String instanceId,
    /* The compacted topic where the settings every instance must share are fingerprinted (FleetSettings). */
    @DefaultValue(DEFAULT_SETTINGS_TOPIC) String settingsTopic,
    /* Overwrite the fleet's recorded settings with this instance's (AI_FLEET_ADOPT_SETTINGS; FleetSettings). */
    @DefaultValue("false") boolean adoptSettings,
    /* Batch items and results (user text too): a batch's 24 h completion window plus a day to download. */
    @DefaultValue(DEFAULT_BATCH_RETENTION) Duration batchRetention) {

  public static final int DEFAULT_SESSION_TIMEOUT_MS = 6000;
  public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 500;
  public static final String DEFAULT_SETTINGS_TOPIC = "ai.fleet.settings";
  public static final String DEFAULT_BATCH_RETENTION = "48h";

  /** The constructor configuration binds (the other is a shorthand for tools and tests). */
  @ConstructorBinding
  public KafkaSettings {}

  /** The settings as before the fleet and batch ones existed (tools, probes, tests): those at their defaults. */
  public KafkaSettings(String bootstrapServers, int partitions, short replicationFactor, Duration ephemeralRetention,
      Duration eventRetention, int fetchMaxWaitMs, int lingerMs) {
    this(bootstrapServers, partitions, replicationFactor, ephemeralRetention, eventRetention, fetchMaxWaitMs, lingerMs,
        DEFAULT_SESSION_TIMEOUT_MS, DEFAULT_HEARTBEAT_INTERVAL_MS, "", DEFAULT_SETTINGS_TOPIC, false,
        DurationStyle.detectAndParse(DEFAULT_BATCH_RETENTION));
  }

  /** A client id naming this instance: {@code base-instanceId}, or {@code base-<random>} without one. */
  public String clientId(String base) {
    return base + "-" + (instanceId == null || instanceId.isBlank()
        ? java.util.UUID.randomUUID().toString().substring(0, 8) : instanceId.strip());
  }

  public Map<String, Object> producer(String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    // acks=all with idempotence stays on: a lost request or a duplicated reply costs more than the
    // sub-millisecond the leader-only ack would save.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }

  /**
   * The producer of interactive requests, whose caller waits at most {@code publishTimeout} for the broker's
   * acknowledgement and is then answered 503. Kafka's producer would otherwise keep such a record for up to
   * {@code delivery.timeout.ms} (2 min) and deliver it once the broker is back: a worker would then pay a
   * provider for an answer nobody waits for (the reliability harness counted 446 such calls after a 10 s
   * outage). Here the record expires with its caller: {@code delivery.timeout.ms} and {@code max.block.ms}
   * equal the publish timeout, so a record not acknowledged by then is dropped from the producer, not sent
   * later. One still in flight to the broker when it expires may have been written (the broker does not say);
   * the deadline header bounds how long a worker would still answer it.
   *
   * @param publishTimeout at least {@code lingerMs} + 1 ms (Kafka requires delivery ≥ linger + request timeout)
   */
  public Map<String, Object> requestProducer(String clientId, Duration publishTimeout) {
    Map<String, Object> props = producer(clientId);
    int deliveryMs = (int) Math.max(publishTimeout.toMillis(), lingerMs + 1L);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, deliveryMs - lingerMs);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs);
    return props;
  }

  /** A consumer whose offsets the caller commits (workers: only after the reply is published). */
  public Map<String, Object> committingConsumer(String groupId, String clientId) {
    Map<String, Object> props = baseConsumer(clientId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, heartbeatIntervalMs);
    // Cooperative rebalancing: when a member leaves or dies, the others keep consuming their own
    // partitions and only take over the departed member's. The default list starts with the eager
    // RangeAssignor, under which every member stops and gives up all its partitions on each rebalance.
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
    return props;
  }

  /**
   * A consumer that assigns itself partitions and never commits: reply and read-model consumers,
   * whose position is meaningless after a restart (no synchronous commit on the reply path).
   */
  public Map<String, Object> assignedConsumer(String clientId, String offsetReset) {
    Map<String, Object> props = baseConsumer(clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
    return props;
  }

  private Map<String, Object> baseConsumer(String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
    return props;
  }
}
