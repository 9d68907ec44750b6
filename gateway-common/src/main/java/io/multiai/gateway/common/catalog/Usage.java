package io.multiai.gateway.common.catalog;

/**
 * Token counts as the provider reported them. {@code outputTokens} includes reasoning tokens
 * (they are billed as output); {@code cachedInputTokens} is the part of {@code inputTokens} served
 * from the provider's prompt cache.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {

  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0);
  }
}
