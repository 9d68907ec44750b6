/**
 * POST /api/ai/route and /api/ai/ensemble: parse and validate by hand (clear 400s naming the field),
 * answer from the cache or through Kafka request-reply.
 */
package io.multiai.gateway.ingress.route;
