/**
 * Answering one route request: walk the model chain through the resilience policies, reply to the
 * ingress that asked, emit one MetricEvent per attempt, report model health to the fleet.
 */
package io.multiai.gateway.router.answering;
