package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.kafka.FleetSettings;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;

/** Settings every instance must share are checked at start against the fleet's, on a real broker. */
class FleetSettingsTest {

  private static LocalKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = LocalKafka.start();
  }

  @AfterAll
  static void stopKafka() {
    Resources.closeAll(kafka);
  }

  private static KafkaSettings settings(int partitions) {
    return new KafkaSettings(kafka.bootstrapServers(), partitions, (short) 1, Duration.ofHours(1), Duration.ofDays(1), 500, 0);
  }

  @Test
  void aSecondInstanceWithTheSameSettingsStartsAndOneWithAnotherSecretOrPartitionCountIsRefused() {
    Topics topics = new Topics(TopicNames.defaults());
    TopicProvisioner first = new TopicProvisioner(settings(6), TopicNames.defaults(), "ingress-api");
    first.ensure(List.of(topics.replies(), topics.metrics()), List.of());
    first.verifyFleetSetting("user-id-secret@ai.metrics", FleetSettings.fingerprint("the-fleet-secret-0123456789"));

    TopicProvisioner same = new TopicProvisioner(settings(6), TopicNames.defaults(), "ingress-api");
    same.ensure(List.of(topics.replies(), topics.metrics()), List.of());
    same.verifyFleetSetting("user-id-secret@ai.metrics", FleetSettings.fingerprint("the-fleet-secret-0123456789"));

    assertThatThrownBy(() -> same.verifyFleetSetting("user-id-secret@ai.metrics", FleetSettings.fingerprint("another-secret-0123456789")))
        .hasMessageContaining("does not match the fleet").hasMessageContaining("user-id-secret@ai.metrics")
        .hasMessageNotContaining("another-secret");
    assertThatThrownBy(() -> new TopicProvisioner(settings(3), TopicNames.defaults(), "router-worker")
        .ensure(List.of(topics.replies()), List.of()))
        .hasMessageContaining("ai.replies has 6 partitions, this router-worker expects 3");
  }

  @Test
  void aTopicUsedInAnotherRoleIsRefusedButOtherTopicNamesAreAnotherPipeline() {
    TopicNames swapped = renamed(name -> name.equals("ai.replies") ? "ai.requests.route"
        : name.equals("ai.requests.route") ? "ai.replies" : name);
    new TopicProvisioner(settings(6), TopicNames.defaults(), "router-worker").ensure(List.of(), List.of());
    assertThatThrownBy(() -> new TopicProvisioner(settings(6), swapped, "router-worker").ensure(List.of(), List.of()))
        .hasMessageContaining("topic:ai.replies: the fleet uses replies, this instance requestsRoute");
    TopicNames other = renamed(name -> name.replaceFirst("^ai\\.", "other."));
    new TopicProvisioner(settings(6), other, "router-worker").ensure(List.of(), List.of());
    assertThat(FleetSettings.fingerprint("x".repeat(16))).startsWith("hmac-sha256:").hasSize("hmac-sha256:".length() + 16);
  }

  /** The default topic names, each passed through {@code rename} (whatever topics later versions add). */
  private static TopicNames renamed(java.util.function.UnaryOperator<String> rename) {
    TopicNames defaults = TopicNames.defaults();
    java.lang.reflect.RecordComponent[] components = TopicNames.class.getRecordComponents();
    Object[] names = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        names[i] = rename.apply((String) components[i].getAccessor().invoke(defaults));
        types[i] = String.class;
      }
      return TopicNames.class.getDeclaredConstructor(types).newInstance(names);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
