package io.multiai.gateway.aggregator.streams;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.common.kafka.KafkaSettings;

/** Builds the aggregator's Kafka Streams configuration ({@link StreamsConfig} properties) from its settings. */
public final class StreamsConfigs {

  private StreamsConfigs() {}

  /**
   * With the default exactly_once_v2 every commit is a transaction, so the broker needs a
   * transaction state log it can write: on a single-broker (dev) cluster set
   * {@code transaction.state.log.replication.factor=1} and {@code transaction.state.log.min.isr=1},
   * or the aggregator waits for ever in its first transaction.
   */
  public static Properties forAggregator(KafkaSettings kafka, AggregatorSettings settings, StateDirectory stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.path().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.processingGuarantee());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
    // Results leave the record cache and the in-memory sums (CommitFlush), and under exactly-once
    // become visible to read_committed readers, only at a commit: the commit interval is how stale the
    // read model may be, and an alert waits up to two of them (the source task's commit forwards the
    // sums, the merging task's commit publishes the alert; a changed alert requests its commit at once).
    // Each commit costs a transaction and forwards one record per group and per user-day touched, so a
    // longer interval would save little per event (the bench: about 8 µs of stream-thread CPU per event
    // at 1 s) and cost freshness; the EOS default, 100 ms, would be ten transactions and ten times the
    // partial records a second, at-least-once's 30 s a stale dashboard.
    // Producer linger and batch size stay at Streams' defaults (100 ms, 16 KB): what a task produces
    // between commits is flushed at the commit anyway, and the per-event repartitions that would have
    // wanted larger batches are gone.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    // Small: the cache only needs to fold the updates of one commit interval, one per key.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, settings.cacheMaxBytes());
    // Kafka's 500 ms fetch wait would add up to half a second to every update.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), kafka.fetchMaxWaitMs());
    // Streams' consumers never send a leave-group on close (Streams expects a restarted instance to take its
    // tasks back), and KafkaStreams.close can remove a member from its group only when it is static: a
    // restarted aggregator found its old member still in the group and waited, about 35 s after "is up",
    // before anything was aggregated again (batch status, analytics, alerts). So the member is static, with an
    // id per instance (AI_INSTANCE_ID, or a random one per start), and AggregatorStreams leaves on close.
    // A member that dies without closing is dropped after the workers' session timeout (KafkaSettings: 6 s,
    // heartbeats every 0.5 s), not Kafka's 45 s.
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), kafka.clientId(settings.applicationId()));
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), kafka.sessionTimeoutMs());
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), kafka.heartbeatIntervalMs());
    return props;
  }
}
