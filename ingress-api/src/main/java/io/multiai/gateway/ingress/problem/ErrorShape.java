package io.multiai.gateway.ingress.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The one place that decides how an error looks, by path: the OpenAI-compatible edge ({@code /v1/…})
 * answers in OpenAI's shape, so the official SDKs raise their typed errors; every other path answers
 * RFC 9457 problem details ({@link Problems}). The edge filters (401, 403, 413, 429) and the exception
 * handlers both ask here.
 *
 * <p>OpenAI's shape ({@code Error} in ../shared/specs/openai-openapi.yaml): {@code {"error": {"message",
 * "type", "param", "code"}}}, JSON. The SDKs pick their exception class by status alone (400
 * BadRequestError, 401 AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError, 409, 422, 429
 * RateLimitError, ≥500 InternalServerError); {@code type} follows OpenAI's own words for each status.
 */
public final class ErrorShape {

  private ErrorShape() {}

  /** Whether a path (as received, or canonical) is on the OpenAI-compatible edge. */
  public static boolean openAi(String path) {
    String p = path.toLowerCase(java.util.Locale.ROOT);
    while (p.startsWith("//")) {
      p = p.substring(1);
    }
    return p.equals("/v1") || p.startsWith("/v1/");
  }

  /** OpenAI's error type for a status: what api.openai.com answers with for it. */
  public static String openAiType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "insufficient_quota";
      case 403 -> "permission_error";
      case 404, 400, 413, 415, 422 -> "invalid_request_error";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  /** {@code {"error": {message, type, param, code}}}; {@code code} defaults from the problem type ({@code rate-limited} → {@code rate_limited}). */
  public static Map<String, Object> openAiBody(int status, String message, String param, String code) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", openAiType(status));
    error.put("param", param);
    error.put("code", code == null ? null : code.replace('-', '_'));
    return Map.of("error", error);
  }

  public static ResponseEntity<Map<String, Object>> openAi(int status, String message, String param, String code,
      Long retryAfterSeconds) {
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    if (retryAfterSeconds != null) {
      builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    return builder.body(openAiBody(status, message, param, code));
  }
}
