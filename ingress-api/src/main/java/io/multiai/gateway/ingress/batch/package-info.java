/**
 * Asynchronous batches: {@code POST /api/ai/batch} validates every item, records the batch on the
 * compacted {@code ai.batch.jobs} and queues its items on {@code ai.requests.batch}; status, results,
 * cancel and list are read from Kafka ({@code ai.batch.jobs}, {@code ai.batch.status},
 * {@code ai.batch.results}), so any ingress instance answers for any batch.
 */
package io.multiai.gateway.ingress.batch;
