package io.multiai.gateway.providers.http;

import java.time.Duration;
import java.util.Map;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;

/**
 * One outgoing call, as far as failures need to know it. Every {@link ProviderException} a live client
 * raises is built here, so every message goes through the same scrubbing: the API key and the prompt
 * are cut out (providers do echo both: OpenAI quotes a partial key on 401, some servers quote the input
 * on 400) and the text is bounded.
 */
public final class Call {

  static final int MAX_MESSAGE_CHARS = 300;
  private static final String REDACTED = "[redacted]";

  private final ProviderId provider;
  private final String model;
  private final String apiKey;
  private final java.util.List<String> texts;
  /** All the request's texts joined, for the "does the input contain this identifier" test. */
  private final String prompt;

  public Call(ProviderId provider, String model, String apiKey, String prompt) {
    this(provider, model, apiKey, prompt == null ? java.util.List.of() : java.util.List.of(prompt));
  }

  /** @param texts every piece of user text in the request (see {@code ProviderRequest.texts()}) */
  public Call(ProviderId provider, String model, String apiKey, java.util.List<String> texts) {
    this.provider = provider;
    this.model = model;
    this.apiKey = apiKey;
    this.texts = java.util.List.copyOf(texts);
    this.prompt = String.join("\n", this.texts);
  }

  /** The call of {@code request} to {@code provider}: its model and every text it carries. */
  public static Call of(ProviderId provider, String apiKey, io.multiai.gateway.providers.ProviderRequest request) {
    return new Call(provider, request.model(), apiKey, request.texts());
  }

  public ProviderId provider() {
    return provider;
  }

  public String model() {
    return model;
  }

  public ProviderException failure(ErrorType type, int status, String message, Duration retryAfter,
      Map<String, String> rateLimitHeaders, Throwable cause) {
    return new ProviderException(provider, model, type, status, provider + " " + model + ": " + scrub(message),
        retryAfter, rateLimitHeaders, cause);
  }

  /** A 2xx whose body gives no usable answer but reports usage: the call is billed all the same. */
  public ProviderException unusable(ErrorType type, int status, String message, Usage usage) {
    return new ProviderException(provider, model, type, status, provider + " " + model + ": " + scrub(message),
        null, Map.of(), usage, null);
  }

  public ProviderException failure(ErrorType type, String message) {
    return failure(type, 0, message, null, Map.of(), null);
  }

  /** A 2xx whose body gives no usable answer. */
  public ProviderException invalidResponse(int status, String message) {
    return failure(ErrorType.INVALID_RESPONSE, status, message, null, Map.of(), null);
  }

  /** As {@link #invalidResponse(int, String)}, carrying the usage the answer reported (null for none). */
  public ProviderException invalidResponse(int status, String message, Usage usage) {
    return unusable(ErrorType.INVALID_RESPONSE, status, message, usage);
  }

  public ProviderException contentBlocked(int status, String message) {
    return failure(ErrorType.CONTENT_BLOCKED, status, message, null, Map.of(), null);
  }

  /** As {@link #contentBlocked(int, String)}, carrying the usage the answer reported (null for none). */
  public ProviderException contentBlocked(int status, String message, Usage usage) {
    return unusable(ErrorType.CONTENT_BLOCKED, status, message, usage);
  }

  String scrub(String message) {
    String text = message == null ? "" : message;
    if (apiKey != null && !apiKey.isBlank()) {
      text = text.replace(apiKey, REDACTED);
    }
    // Longest first: a shorter text may be part of a longer one.
    for (String input : texts.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList()) {
      if (!input.isBlank()) {
        text = text.replace(input, REDACTED);
      }
    }
    text = withoutQuotedInput(text, prompt);
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  /**
   * Cuts what may be an echo of the input out of a provider's message. Providers quote parts of the
   * request in their errors (a prompt's first characters, an offending string), and a part is not
   * caught by replacing the whole prompt: it may be truncated or re-escaped. So every quoted run
   * ({@code "…"}, {@code '…'}, {@code `…`}, curly quotes) is cut, except a bare identifier that the prompt
   * does not contain (a parameter name like {@code 'max_completion_tokens'} is the useful part of a
   * message), and a quote left open (the provider cut its message there) is cut to the end.
   * Apostrophes inside words ("model's") are not quotes.
   */
  public static String withoutQuotedInput(String message, String prompt) {
    java.util.regex.Matcher quoted = QUOTED.matcher(message);
    StringBuilder out = new StringBuilder();
    int end = 0;
    while (quoted.find()) {
      if (cutAtOpenQuote(message.substring(end, quoted.start()), out)) {
        return out.toString();
      }
      String inside = firstNonNull(quoted.group(1), quoted.group(2), quoted.group(3), quoted.group(4), quoted.group(5));
      boolean keep = IDENTIFIER.matcher(inside).matches() && (prompt == null || !prompt.contains(inside));
      out.append(keep ? quoted.group() : REDACTED);
      end = quoted.end();
    }
    cutAtOpenQuote(message.substring(end), out);
    return out.toString();
  }

  /** Appends {@code gap} up to a quote that never closes (then {@link #REDACTED}); true when it cut. */
  private static boolean cutAtOpenQuote(String gap, StringBuilder out) {
    java.util.regex.Matcher open = OPEN_QUOTE.matcher(gap);
    if (open.find()) {
      out.append(gap, 0, open.start()).append(REDACTED);
      return true;
    }
    out.append(gap);
    return false;
  }

  private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile(
      "\"([^\"]*)\"|(?<![\\p{L}\\p{N}])'([^']*)'(?![\\p{L}\\p{N}])|`([^`]*)`|\u201c([^\u201d]*)\u201d|\u2018([^\u2019]*)\u2019");
  private static final java.util.regex.Pattern OPEN_QUOTE =
      java.util.regex.Pattern.compile("[\"`\u201c\u2018]|(?<![\\p{L}\\p{N}])'");
  private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z0-9_.:/\\[\\]-]{1,64}");

  private static String firstNonNull(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return "Call[provider=" + provider + ", model=" + model + "]";
  }
}
