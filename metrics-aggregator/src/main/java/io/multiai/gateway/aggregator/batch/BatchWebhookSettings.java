package io.multiai.gateway.aggregator.batch;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhooks of ended batches (the same {@code gateway.batch} keys as the ingress's where they overlap).
 *
 * @param webhookSecret the HMAC-SHA256 key of {@code X-Gateway-Signature} (env {@code AI_BATCH_WEBHOOK_SECRET});
 *     the default only keeps a local run working and is logged as a warning
 * @param webhookAllowedHosts hosts that may be reached over http or at internal addresses (as at the ingress)
 * @param webhookAttempts deliveries tried, the first included; a 2xx ends them, as does a 4xx other than 429
 * @param webhookBackoff the wait before the second attempt, doubled after each
 * @param webhookTimeout per attempt
 */
@ConfigurationProperties("gateway.batch")
public record BatchWebhookSettings(
    @DefaultValue("local-development-webhook-secret") String webhookSecret,
    @DefaultValue List<String> webhookAllowedHosts,
    @DefaultValue("6") int webhookAttempts,
    @DefaultValue("1s") Duration webhookBackoff,
    @DefaultValue("10s") Duration webhookTimeout) {}
