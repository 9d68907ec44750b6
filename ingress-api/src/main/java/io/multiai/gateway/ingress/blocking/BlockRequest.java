package io.multiai.gateway.ingress.blocking;

/** A validated POST /api/ai/admin/blocks. */
public record BlockRequest(String subject, long seconds, String reason) {}
