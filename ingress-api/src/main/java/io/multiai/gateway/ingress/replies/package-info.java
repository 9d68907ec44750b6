/**
 * Kafka request-reply for the ingress: publishes a request with its correlation id, reply address
 * and deadline, and completes the caller's Mono from the reply consumer, never blocking a thread.
 */
package io.multiai.gateway.ingress.replies;
