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

  public TopicProvisioner(KafkaSettings settings) {
    this.settings = settings;
  }

  /** Ensures the topics and, for those named in {@code deadLettered}, their dead-letter topics. */
  public void ensure(Collection<Topic<?>> topics, Collection<Topic<?>> deadLettered) {
    List<NewTopic> wanted = new java.util.ArrayList<>(topics.stream().map(t -> newTopic(t.name(), t)).toList());
    deadLettered.forEach(t -> wanted.add(newDeadLetter(t)));
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
