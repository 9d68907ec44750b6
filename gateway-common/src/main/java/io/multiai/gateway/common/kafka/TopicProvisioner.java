package io.multiai.gateway.common.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.common.topics.TopicKind;

/**
 * Creates the topics a service uses when they are missing, with retention fitting what they hold; on
 * topics that hold user text (the ephemeral ones and their dead-letter topics) it also sets the
 * retention configs when the topic already exists, so an upgrade fixes a running cluster.
 *
 * <p>Kafka deletes whole closed segments only, once the newest record in one is older than
 * {@code retention.ms}; a segment closes after {@code segment.ms} (default 7 days) or
 * {@code segment.bytes} (default 1 GB). With a 1 h retention and the defaults, light traffic keeps
 * text for a week. Topics holding text therefore roll a segment every quarter of their retention:
 * a record then lives at most retention + retention/4 + the broker's retention check interval
 * ({@code log.retention.check.interval.ms}, 5 min by default), 1 h 20 min with the defaults.
 * {@link #TEXT_SEGMENT_BYTES} bounds how much overdue text a partition can hold under load, when
 * segments fill before they age.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  /**
   * 64 MiB segments on topics holding text: a segment fills before it ages once a partition takes
   * more than 64 MiB per quarter retention, and then at most that much is past its retention at once.
   * Smaller segments would only add files (each with its indexes) under load; Kafka's minimum is 1 MiB.
   */
  static final int TEXT_SEGMENT_BYTES = 64 * 1024 * 1024;

  /** A segment closes after this fraction of the retention (see the class comment). */
  static final int SEGMENTS_PER_RETENTION = 4;

  private final KafkaSettings settings;

  public TopicProvisioner(KafkaSettings settings) {
    this.settings = settings;
  }

  /** Ensures the topics and, for those named in {@code deadLettered}, their dead-letter topics. */
  public void ensure(Collection<Topic<?>> topics, Collection<Topic<?>> deadLettered) {
    List<NewTopic> wanted = new java.util.ArrayList<>(topics.stream().map(t -> newTopic(t.name(), t)).toList());
    deadLettered.forEach(t -> wanted.add(newDeadLetter(t)));
    List<NewTopic> holdingText = new java.util.ArrayList<>();
    topics.stream().filter(t -> t.kind().holdsText()).forEach(t -> holdingText.add(newTopic(t.name(), t)));
    deadLettered.stream().filter(t -> t.kind().holdsText()).forEach(t -> holdingText.add(newDeadLetter(t)));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      for (NewTopic topic : wanted) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
          log.info("created topic {} ({} partitions)", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
          }
        }
      }
      awaitVisible(admin, wanted.stream().map(NewTopic::name).toList());
      enforceConfigs(admin, holdingText);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " did not answer in 30 s", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list the topics of Kafka at " + settings.bootstrapServers(), e.getCause());
    }
  }

  /**
   * Waits until the brokers' metadata lists every topic. createTopics returns once the controller has
   * committed a topic, a moment before the brokers know it; a Kafka Streams app started in that moment
   * sees a "missing source topic" and shuts down (seen on a fresh single-node cluster).
   */
  private static void awaitVisible(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(names)) {
      if (System.nanoTime() > giveUpAt) {
        throw new TimeoutException("topics not visible on the brokers after 30 s: " + names);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Sets the wanted configs of existing topics where the broker has others (one describe, one alter
   * per topic that differs). Only the named configs change; anything else an operator set stays.
   */
  private static void enforceConfigs(Admin admin, List<NewTopic> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
    Map<ConfigResource, Config> current = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new java.util.HashMap<>();
    for (NewTopic topic : topics) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
      Config config = current.get(resource);
      List<AlterConfigOp> ops = topic.configs().entrySet().stream()
          .filter(wanted -> {
            ConfigEntry entry = config == null ? null : config.get(wanted.getKey());
            return entry == null || !wanted.getValue().equals(entry.value());
          })
          .map(wanted -> new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET))
          .toList();
      if (!ops.isEmpty()) {
        changes.put(resource, ops);
        log.info("topic {} holds user text: setting {}", topic.name(),
            ops.stream().map(op -> op.configEntry().name() + "=" + op.configEntry().value()).toList());
      }
    }
    if (!changes.isEmpty()) {
      admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    }
  }

  private NewTopic newTopic(String name, Topic<?> topic) {
    Map<String, String> config = switch (topic.kind()) {
      case EPHEMERAL -> textRetention(settings.ephemeralRetention());
      case BATCH -> textRetention(settings.batchRetention());
      case EVENTS -> Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.eventRetention().toMillis()));
      case COMPACTED -> Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    };
    return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(config);
  }

  private NewTopic newDeadLetter(Topic<?> topic) {
    // Dead letters keep the offending record for an operator; a week, whatever the source kept. An
    // ephemeral topic's dead letters are still its (encrypted) text: their week is made true as well.
    Map<String, String> config = topic.kind().holdsText()
        ? textRetention(settings.eventRetention())
        : Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.eventRetention().toMillis()));
    return new NewTopic(topic.deadLetterTopic(), 1, settings.replicationFactor()).configs(config);
  }

  /** Retention that holds for a topic with user text: segments close after a quarter of it (see the class comment). */
  static Map<String, String> textRetention(java.time.Duration retention) {
    long retentionMs = retention.toMillis();
    return Map.of(
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Math.max(1, retentionMs / SEGMENTS_PER_RETENTION)),
        TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(TEXT_SEGMENT_BYTES));
  }
}
