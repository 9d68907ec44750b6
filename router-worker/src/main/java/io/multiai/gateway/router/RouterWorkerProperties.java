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
    @DefaultValue("256") int maxInFlight,
    @DefaultValue("1024") int maxTokens,
    @DefaultValue("20s") Duration shutdownGrace,
    @DefaultValue("60s") Duration healthRefresh) {}
