package io.multiai.gateway.ensemble;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param judgeModel the model that scores the answers for the {@code best} strategy
 * @param synthesizerModel the model that merges the answers for the {@code synthesize} strategy
 */
@ConfigurationProperties("gateway.ensemble")
public record EnsembleWorkerProperties(
    @DefaultValue("ensemble-worker") String groupId,
    @DefaultValue("64") int maxInFlight,
    @DefaultValue("1024") int maxTokens,
    @DefaultValue("claude-sonnet-4-5") String judgeModel,
    @DefaultValue("claude-sonnet-4-5") String synthesizerModel,
    @DefaultValue("20s") Duration shutdownGrace) {}
