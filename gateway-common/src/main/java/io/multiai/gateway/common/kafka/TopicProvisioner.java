package io.multiai.gateway.common.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.topics.Topic;

/** Creates the topics a service uses when they are missing, with retention fitting what they hold. */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

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
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))), Map.of());
  }

  /** Ensures the topics and, for those named in {@code deadLettered}, their dead-letter topics. */
  public void ensure(Collection<Topic<?>> topics, Collection<Topic<?>> deadLettered) {
    List<NewTopic> wanted = new java.util.ArrayList<>(topics.stream().map(t -> newTopic(t.name(), t)).toList());
    deadLettered.forEach(t -> wanted.add(newDeadLetter(t)));
    verifyFleetSettingsOnce();
    // Partition counts must agree: keys are spread by them, and the ingress's reply partition is one of them.
    Map<String, Integer> expected = new java.util.HashMap<>();
    topics.forEach(t -> expected.put(t.name(), settings.partitions()));
    create(wanted, expected);
  }

  private void create(List<NewTopic> wanted, Map<String, Integer> expectedPartitions) {
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot describe topics on " + settings.bootstrapServers(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " did not answer in 30 s", e);
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
      case EPHEMERAL -> Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.ephemeralRetention().toMillis()));
      case EVENTS -> Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.eventRetention().toMillis()));
      case COMPACTED -> Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    };
    return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(config);
  }

  private NewTopic newDeadLetter(Topic<?> topic) {
    // Dead letters keep the offending record for an operator; a week, whatever the source kept.
    return new NewTopic(topic.deadLetterTopic(), 1, settings.replicationFactor())
        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.eventRetention().toMillis())));
  }
}
