package io.multiai.gateway.common.catalog;

/**
 * Token counts as the provider reported them, by how each class of token is billed.
 *
 * <ul>
 *   <li>{@code inputTokens}: every prompt token, whatever its price: uncached, read from the provider's
 *       prompt cache ({@code cachedInputTokens}) and written to it ({@code cacheWrite5mTokens},
 *       {@code cacheWrite1hTokens}; Anthropic's 5-minute and 1-hour cache entries, priced apart).</li>
 *   <li>{@code outputTokens}: every generated token, reasoning or thinking tokens included
 *       ({@code reasoningTokens} says how many): all three providers bill them as output.</li>
 * </ul>
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens,
    long cacheWrite5mTokens, long cacheWrite1hTokens) {

  /** Usage without prompt-cache writes (OpenAI and Gemini have none; an Anthropic call without caching). */
  public Usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
    this(inputTokens, outputTokens, cachedInputTokens, reasoningTokens, 0, 0);
  }

  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0);
  }

  /** Prompt tokens billed at the plain input price: neither read from nor written to a prompt cache. */
  public long uncachedInputTokens() {
    return Math.max(0, inputTokens - cachedInputTokens - cacheWrite5mTokens - cacheWrite1hTokens);
  }
}
