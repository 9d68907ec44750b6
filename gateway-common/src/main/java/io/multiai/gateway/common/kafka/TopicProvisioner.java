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
  private final Map<String, String> fleetSettings;
  private final String service;
  private volatile boolean verified;

  public TopicProvisioner(KafkaSettings settings) {
    this(settings, null, "service");
  }

  /**
   * @param names the topic names this instance uses: a topic must have the same role on every instance
   *     (checked through {@link FleetSettings}); null checks nothing
   */
  public TopicProvisioner(KafkaSettings settings, io.multiai.gateway.common.topics.TopicNames names, String service) {
    this.settings = settings;
    this.service = service;
    this.fleetSettings = new java.util.TreeMap<>();
    if (names != null) {
      // Each topic's role: one topic used as two different things (a reply topic that is another
      // instance's request topic) is a misconfiguration. Other names are simply other topics: two
      // gateways may share a cluster with topics of their own. Partition counts are compared with the
      // topics themselves (ensure).
      for (java.lang.reflect.RecordComponent component : names.getClass().getRecordComponents()) {
        try {
          fleetSettings.put("topic:" + component.getAccessor().invoke(names), component.getName());
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * Checks a setting that every instance must share against the fleet's (see {@link FleetSettings}),
   * recording it when the fleet has none yet; throws on a difference.
   */
  public void verifyFleetSetting(String name, String value) {
    ensureSettingsTopic();
    FleetSettings.verify(settings, Map.of(name, value), settings.adoptSettings(), service);
  }

  private synchronized void verifyFleetSettingsOnce() {
    if (verified || fleetSettings.isEmpty()) {
      return;
    }
    ensureSettingsTopic();
    FleetSettings.verify(settings, fleetSettings, settings.adoptSettings(), service);
    verified = true;
  }

  private void ensureSettingsTopic() {
    create(List.of(new NewTopic(settings.settingsTopic(), 1, settings.replicationFactor())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))), Map.of(), List.of());
  }

  /** Ensures the topics and, for those named in {@code deadLettered}, their dead-letter topics. */
  public void ensure(Collection<Topic<?>> topics, Collection<Topic<?>> deadLettered) {
    List<NewTopic> wanted = new java.util.ArrayList<>(topics.stream().map(t -> newTopic(t.name(), t)).toList());
    deadLettered.forEach(t -> wanted.add(newDeadLetter(t)));
    List<NewTopic> holdingText = new java.util.ArrayList<>();
    topics.stream().filter(t -> t.kind().holdsText()).forEach(t -> holdingText.add(newTopic(t.name(), t)));
    deadLettered.stream().filter(t -> t.kind().holdsText()).forEach(t -> holdingText.add(newDeadLetter(t)));
    verifyFleetSettingsOnce();
    // Partition counts must agree: keys are spread by them, and the ingress's reply partition is one of them.
    Map<String, Integer> expected = new java.util.HashMap<>();
    topics.forEach(t -> expected.put(t.name(), settings.partitions()));
    create(wanted, expected, holdingText);
  }

  /**
   * Creates the missing topics, compares the partitions of those that existed, waits until all are
   * visible, and brings the configs of those holding text up to date.
   */
  private void create(List<NewTopic> wanted, Map<String, Integer> expectedPartitions, List<NewTopic> holdingText) {
    java.util.Set<String> existing = new java.util.HashSet<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      for (NewTopic topic : wanted) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
          log.info("created topic {} ({} partitions)", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
          }
          existing.add(topic.name());
        }
      }
      // Topics created just now have the configured count; those that existed are compared.
      existing.retainAll(expectedPartitions.keySet());
      if (!existing.isEmpty()) {
        List<String> mismatches = new java.util.ArrayList<>();
        describe(admin, existing).forEach((name, description) -> {
          int expected = expectedPartitions.get(name);
          if (description.partitions().size() != expected) {
            mismatches.add(name + " has " + description.partitions().size() + " partitions, this " + service + " expects " + expected);
          }
        });
        if (!mismatches.isEmpty()) {
          throw new IllegalStateException("topic partitions differ from the configuration (gateway.kafka.partitions, "
              + "AI_KAFKA_PARTITIONS): " + String.join("; ", mismatches)
              + ". Start every instance with the topics' partition count, or recreate the topics.");
        }
      }
      awaitVisible(admin, wanted.stream().map(NewTopic::name).toList());
      enforceConfigs(admin, holdingText);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot describe the topics of Kafka at " + settings.bootstrapServers(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " did not answer in 30 s", e);
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

  /** Describes topics, waiting a little for those another instance created a moment ago to be known everywhere. */
  private static Map<String, org.apache.kafka.clients.admin.TopicDescription> describe(Admin admin, java.util.Set<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    for (int attempt = 1; ; attempt++) {
      try {
        return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) || attempt >= 20) {
          throw e;
        }
        Thread.sleep(250);
      }
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
