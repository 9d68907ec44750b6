package io.multiai.gateway.aggregator.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.UserDailyMetrics;

/** A user's day merged from parts summed apart (one per source task and commit) is the day summed event by event. */
class UserDaysTest {

  @Test
  void givenADaySummedInPartsWhenThePartsAreMergedThenItIsTheDaySummedEventByEvent() {
    Random random = new Random(11);
    String[] models = {"gpt-5", "claude-haiku-4-5", "gemini-2.5-pro"};
    UserDailyMetrics oneByOne = null;
    UserDailyMetrics merged = null;
    UserDailyMetrics part = null;
    for (int i = 0; i < 500; i++) {
      boolean success = random.nextInt(10) > 0;
      MetricEvent event = MetricEvent.newBuilder().setRequestId("r" + i).setModel(models[random.nextInt(models.length)])
          .setProvider("p").setLatencyMs(50 + random.nextInt(2_000)).setInputTokens(random.nextInt(100))
          .setOutputTokens(random.nextInt(300)).setCostUsd(random.nextInt(10) == 0 ? null : random.nextDouble() / 100)
          .setSuccess(success).setConcluding(success || random.nextBoolean()).setCacheHit(random.nextInt(7) == 0)
          .setUserIdHash("u").setTimestampMs(1_000L * i).build();
      oneByOne = UserDays.add(oneByOne, event);
      part = UserDays.add(part, event);
      if (i % 31 == 30) {
        merged = UserDays.merge(merged, part);
        part = null;
      }
    }
    merged = UserDays.merge(merged, part);

    assertThat(merged.getCostUsd()).isEqualTo(oneByOne.getCostUsd(), within(1e-9));
    assertThat(merged.getLatencySumMs()).isEqualTo(oneByOne.getLatencySumMs());
    assertThat(UserDailyMetrics.newBuilder(merged).setCostUsd(0).build())
        .as("every other figure, calls by model included")
        .isEqualTo(UserDailyMetrics.newBuilder(oneByOne).setCostUsd(0).build());
  }
}
