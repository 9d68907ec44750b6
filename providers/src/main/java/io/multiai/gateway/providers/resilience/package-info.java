/**
 * Per-model resilience policies (Resilience4j circuit breaker, retry with full-jitter backoff,
 * bulkhead, time limit, the request's deadline) every worker calls providers through, and the verdict
 * on a request whose candidates all failed ({@link io.multiai.gateway.providers.resilience.FailedRequest}:
 * 503 for outages, 4xx for the caller's own errors).
 */
package io.multiai.gateway.providers.resilience;
