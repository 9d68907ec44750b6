package io.multiai.gateway.router;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's consumer: its group, how many requests it works on at once, how long it drains on stop;
 * and how often it repeats its reports of unavailable models to {@code ai.provider.health}.
 */
@ConfigurationProperties("gateway.router")
public record RouterWorkerProperties(
    @DefaultValue("router-worker") String groupId,
    @DefaultValue("" + RouterWorkerProperties.DEFAULT_MAX_IN_FLIGHT) int maxInFlight,
    @DefaultValue("1024") int maxTokens,
    @DefaultValue("20s") Duration shutdownGrace,
    @DefaultValue("60s") Duration healthRefresh) {

  /**
   * Requests one worker has in progress before it pauses its partitions, so the rest wait in Kafka
   * (within their deadline) instead of in the worker. A provider call holds its slot for the provider's
   * whole latency, so this is the worker's ceiling of concurrency ÷ latency: 256 meant 256 answers/s at
   * 1 s per answer. 2,048 holds a slow provider's calls open cheaply (a few kB each, no thread each);
   * the cost is a longer replay after a crash (in-progress requests are redelivered) and that a
   * worker's share of the cores, not this limit, becomes the bound with fast providers.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 2048;
}
