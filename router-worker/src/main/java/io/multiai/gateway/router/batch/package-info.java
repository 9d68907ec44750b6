/**
 * The batch lane: items of asynchronous batches ({@code ai.requests.batch}) answered through the same
 * routing, resilience and metrics as interactive requests, with a bounded share of the worker, after
 * interactive traffic. One {@code BatchResult} per item on {@code ai.batch.results}.
 */
package io.multiai.gateway.router.batch;
