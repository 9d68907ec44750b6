package io.multiai.gateway.router.batch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The router worker's batch lane.
 *
 * @param enabled whether this worker answers batch items at all (a disabled one does not join the batch group)
 * @param groupId its own consumer group: batch items never share a consumer (nor its in-flight budget) with
 *     interactive requests
 * @param maxInFlight batch items answered at once by this worker, at most (env {@code AI_BATCH_MAX_IN_FLIGHT}):
 *     the share of the worker's provider concurrency (bulkhead: 128 calls per provider by default) a batch may take
 * @param yieldAt the batch consumer fetches no new items while this many interactive requests or more are in
 *     progress on the worker (env {@code AI_BATCH_YIELD_AT}): interactive traffic goes first
 * @param itemTimeout the deadline of one item's walk through the model chain (retries and fallbacks included);
 *     the completion window's end comes first when it is sooner
 */
@ConfigurationProperties("gateway.batch-lane")
public record BatchLaneProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("router-worker-batch") String groupId,
    @DefaultValue("32") int maxInFlight,
    @DefaultValue("16") int yieldAt,
    @DefaultValue("120s") Duration itemTimeout) {}
