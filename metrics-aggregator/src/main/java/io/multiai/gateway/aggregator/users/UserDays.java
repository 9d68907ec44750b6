package io.multiai.gateway.aggregator.users;

import java.util.HashMap;
import java.util.Map;

import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.UserDailyMetrics;

/** Keys and arithmetic of per-user daily aggregates. */
public final class UserDays {

  public static final long DAY_MS = 86_400_000L;

  private UserDays() {}

  /** {@code {userIdHash}|{dayStartMs}}: a user's keys share the prefix {@code {userIdHash}|}. */
  public static String key(String userIdHash, long dayStartMs) {
    return prefix(userIdHash) + dayStartMs;
  }

  public static String prefix(String userIdHash) {
    return userIdHash + "|";
  }

  public static long dayStart(long timestampMs) {
    return timestampMs - Math.floorMod(timestampMs, DAY_MS);
  }

  /** Like {@code WindowSums}: a cache hit is a query answered, not a call, and moves no call figure. */
  public static UserDailyMetrics add(UserDailyMetrics day, MetricEvent event) {
    UserDailyMetrics sum = day != null ? day : UserDailyMetrics.newBuilder()
        .setUserIdHash(event.getUserIdHash())
        .setDayStartMs(dayStart(event.getTimestampMs()))
        .setQueries(0).setQuerySuccesses(0).setCalls(0)
        .setCostUsd(0).setUnknownCostCount(0)
        .setInputTokens(0).setOutputTokens(0).setLatencySumMs(0).setCacheHits(0)
        .setCallsByModel(new HashMap<>())
        .build();
    if (event.getCacheHit()) {
      return UserDailyMetrics.newBuilder(sum)
          .setQueries(sum.getQueries() + 1)
          .setQuerySuccesses(sum.getQuerySuccesses() + 1)
          .setCacheHits(sum.getCacheHits() + 1)
          .build();
    }
    Map<String, Long> byModel = new HashMap<>(sum.getCallsByModel());
    byModel.merge(event.getModel(), 1L, Long::sum);
    Double cost = event.getCostUsd();
    return UserDailyMetrics.newBuilder(sum)
        .setQueries(sum.getQueries() + (event.getConcluding() ? 1 : 0))
        .setQuerySuccesses(sum.getQuerySuccesses() + (event.getConcluding() && event.getSuccess() ? 1 : 0))
        .setCalls(sum.getCalls() + 1)
        .setCostUsd(sum.getCostUsd() + (cost == null ? 0 : cost))
        .setUnknownCostCount(sum.getUnknownCostCount() + (cost == null ? 1 : 0))
        .setInputTokens(sum.getInputTokens() + event.getInputTokens())
        .setOutputTokens(sum.getOutputTokens() + event.getOutputTokens())
        .setLatencySumMs(sum.getLatencySumMs() + event.getLatencyMs())
        .setCallsByModel(byModel)
        .build();
  }

  /** The sums of a day and more of the same user's same day ({@code more} summed by {@link #add}); null is none. */
  static UserDailyMetrics merge(UserDailyMetrics day, UserDailyMetrics more) {
    if (day == null) {
      return more;
    }
    Map<String, Long> byModel = new HashMap<>(day.getCallsByModel());
    more.getCallsByModel().forEach((model, calls) -> byModel.merge(model, calls, Long::sum));
    return UserDailyMetrics.newBuilder(day)
        .setQueries(day.getQueries() + more.getQueries())
        .setQuerySuccesses(day.getQuerySuccesses() + more.getQuerySuccesses())
        .setCalls(day.getCalls() + more.getCalls())
        .setCostUsd(day.getCostUsd() + more.getCostUsd())
        .setUnknownCostCount(day.getUnknownCostCount() + more.getUnknownCostCount())
        .setInputTokens(day.getInputTokens() + more.getInputTokens())
        .setOutputTokens(day.getOutputTokens() + more.getOutputTokens())
        .setLatencySumMs(day.getLatencySumMs() + more.getLatencySumMs())
        .setCacheHits(day.getCacheHits() + more.getCacheHits())
        .setCallsByModel(byModel)
        .build();
  }
}
