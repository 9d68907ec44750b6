package io.multiai.gateway.ingress.batch;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Batch submission at the ingress.
 *
 * @param maxItems items per batch, at most (and at least 1)
 * @param completionWindow from submission to the end of a batch: items without a result then end {@code expired}
 * @param itemsPerMinute items a client may submit per minute, all its batches together (a token bucket like the
 *     other rate limits; env {@code AI_BATCH_ITEMS_PER_MINUTE})
 * @param itemsInFlight items of a client's batches still pending, at most, before a new batch is refused with 429
 *     (env {@code AI_BATCH_ITEMS_IN_FLIGHT})
 * @param webhookAllowedHosts host names a webhook may reach over http and at internal addresses (the operator's
 *     own receivers); everything else must be https to a public address
 * @param listLimit batches per page of {@code GET /api/ai/batch}, at most
 */
@ConfigurationProperties("gateway.batch")
public record BatchProperties(
    @DefaultValue("50000") int maxItems,
    @DefaultValue("24h") Duration completionWindow,
    @DefaultValue("100000") long itemsPerMinute,
    @DefaultValue("100000") long itemsInFlight,
    @DefaultValue List<String> webhookAllowedHosts,
    @DefaultValue("100") int listLimit) {}
