/**
 * The OpenAI-compatible edge (issue 14): {@code POST /v1/chat/completions} (whole answers and server-sent
 * event streams) and {@code GET /v1/models}, over the same Kafka pipeline, cache and limits as
 * {@code /api/ai/route}. Shapes from ../shared/specs/openai-openapi.yaml.
 */
package io.multiai.gateway.ingress.openai;
