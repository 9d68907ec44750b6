package io.multiai.gateway.ingress.web;

import java.util.List;
import java.util.Locale;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;

/**
 * Maps a request path to its endpoint class and access rule by path prefix, so that endpoints added
 * later under an admin prefix (analytics, alerts, user data, the dashboard) are admin-only without
 * anyone remembering to say so. Anything not listed needs a client key.
 *
 * <p>Paths are compared on their decoded, lower-cased segments: {@code /api/ai/%61dmin/blocks}
 * reaches the same handler as {@code /api/ai/admin/blocks}, so it must be classified the same way.
 */
public final class EndpointRules {

  private static final Endpoint STATUS = new Endpoint(EndpointClass.STATUS, Access.PUBLIC);
  private static final Endpoint HEALTH = new Endpoint(EndpointClass.STATUS, Access.PUBLIC);
  private static final Endpoint API_METRICS = new Endpoint(EndpointClass.METRICS, Access.CLIENT);
  private static final Endpoint PROMETHEUS = new Endpoint(EndpointClass.METRICS, Access.ADMIN);
  private static final Endpoint ROUTE = new Endpoint(EndpointClass.ROUTE, Access.CLIENT);
  private static final Endpoint ENSEMBLE = new Endpoint(EndpointClass.ENSEMBLE, Access.CLIENT);
  private static final Endpoint ADMIN = new Endpoint(EndpointClass.ADMIN, Access.ADMIN);
  /** The OpenAI-compatible chat edge: the same route bucket as /api/ai/route (one pipeline, one limit). */
  private static final Endpoint CHAT_COMPLETIONS = new Endpoint(EndpointClass.ROUTE, Access.CLIENT);
  /** The model list: as cheap as status, but the SDKs send their key, and the list is the client's business. */
  private static final Endpoint MODELS = new Endpoint(EndpointClass.STATUS, Access.CLIENT);
  private static final Endpoint OTHER = new Endpoint(EndpointClass.OTHER, Access.CLIENT);
  private static final Endpoint PUBLIC_FILES = new Endpoint(EndpointClass.OTHER, Access.PUBLIC);
  private static final Endpoint CONSOLE_FILES = new Endpoint(EndpointClass.ADMIN, Access.ANONYMOUS_OR_ADMIN);

  /**
   * The operator console's page and its own script and style files: served without a key although
   * under /admin, because a browser sends no bearer token when it navigates, and the files hold no
   * data — the page asks for an admin key and calls the admin API with it. A client key is still
   * refused (403) as on the rest of /admin. Exact paths only: nothing else under /admin/multi-ai.
   */
  public static final String CONSOLE_PAGE = "/admin/multi-ai/analytics";
  public static final String CONSOLE_PREFIX = "/admin/multi-ai/console";

  /**
   * Public files: the API's description (an integrator reads it before having a key) and the
   * libraries the console and Swagger UI load (uPlot, swagger-ui; the same bytes as on Maven Central).
   */
  public static final List<String> PUBLIC_PREFIXES = List.of("/v3/api-docs", "/swagger-ui", "/webjars");

  /** Prefixes (whole segments) whose every path is admin-only. */
  public static final List<String> ADMIN_PREFIXES = List.of(
      "/api/ai/admin", "/api/ai/analytics", "/api/ai/alerts", "/api/ai/users", "/admin", "/actuator");

  private EndpointRules() {}

  public static Endpoint classify(RequestPath path) {
    return classify(canonical(path.pathWithinApplication()));
  }

  /** @param path a canonical path: decoded segments, lower case, single slashes, no trailing slash */
  public static Endpoint classify(String path) {
    switch (path) {
      case "/api/ai/status":
        return STATUS;
      case "/api/ai/metrics":
        return API_METRICS;
      case "/api/ai/route":
        return ROUTE;
      case "/api/ai/ensemble":
        return ENSEMBLE;
      case "/v1/chat/completions":
        return CHAT_COMPLETIONS;
      case "/v1/models":
        return MODELS;
      case "/metrics", "/actuator/prometheus":
        return PROMETHEUS;
      default:
        break;
    }
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
      return HEALTH;
    }
    if (under(path, "/v1/models")) {
      return MODELS;
    }
    if (under(path, "/actuator/prometheus")) {
      return PROMETHEUS;
    }
    if (path.equals(CONSOLE_PAGE) || under(path, CONSOLE_PREFIX)) {
      return CONSOLE_FILES;
    }
    if (path.equals("/v3/api-docs.yaml") || path.equals("/swagger-ui.html")) {
      return PUBLIC_FILES;
    }
    for (String prefix : PUBLIC_PREFIXES) {
      if (under(path, prefix)) {
        return PUBLIC_FILES;
      }
    }
    for (String prefix : ADMIN_PREFIXES) {
      if (under(path, prefix)) {
        return ADMIN;
      }
    }
    return OTHER;
  }

  private static boolean under(String path, String prefix) {
    return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }

  /** Decoded segment values (matrix parameters dropped, as Spring matches them), empty segments skipped. */
  static String canonical(PathContainer path) {
    StringBuilder canonical = new StringBuilder(path.value().length());
    for (PathContainer.Element element : path.elements()) {
      if (element instanceof PathContainer.PathSegment segment && !segment.valueToMatch().isEmpty()) {
        canonical.append('/').append(segment.valueToMatch());
      }
    }
    return canonical.length() == 0 ? "/" : canonical.toString().toLowerCase(Locale.ROOT);
  }
}
