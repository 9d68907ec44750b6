package io.multiai.gateway.ingress.route;

import java.util.Locale;
import java.util.Set;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and validates the JSON body of /api/ai/route. */
public final class RouteRequestParser {

  public static final int MAX_QUERY_CHARS = JsonBody.MAX_QUERY_CHARS;
  private static final Set<String> FIELDS = Set.of("query", "costPriority", "provider", "model", "fallback", "userId");
  /** A batch item: a route request's fields but userId (the batch has one), and the caller's customId. */
  private static final Set<String> ITEM_FIELDS = Set.of("customId", "query", "costPriority", "provider", "model", "fallback");

  private final JsonMapper json;
  private final ModelCatalog catalog;

  public RouteRequestParser(JsonMapper json, ModelCatalog catalog) {
    this.json = json;
    this.catalog = catalog;
  }

  public RouteCommand parse(byte[] bytes) {
    JsonBody body = JsonBody.parse(json, bytes, FIELDS);
    return command(body, body.identifier("userId"));
  }

  /**
   * One item of a batch, by the same rules as a route request (one rule, one place); its customId is
   * checked as an identifier here and read by the caller. Errors name the field, as for a whole body.
   */
  public RouteCommand parseItem(JsonNode item) {
    JsonBody body = JsonBody.of(item, ITEM_FIELDS);
    body.text("customId", true);
    body.identifier("customId");
    return command(body, null);
  }

  private RouteCommand command(JsonBody body, String userId) {
    String query = body.query();
    var costPriority = body.costPriority();
    String provider = body.text("provider", false);
    if (provider != null && ProviderId.fromWireName(provider).isEmpty()) {
      throw new InvalidRequestException("provider", "provider must be one of claude, openai, gemini");
    }
    String model = body.identifier("model");
    if (model != null && provider == null && catalog.providerOf(model).isEmpty()) {
      throw new InvalidRequestException("model", "unknown model '" + model + "': name its provider too");
    }
    if (model != null && provider != null && catalog.find(model).isPresent()
        && catalog.find(model).get().provider() != ProviderId.fromWireName(provider).get()) {
      throw new InvalidRequestException("model", "model '" + model + "' is not served by provider " + provider);
    }
    return new RouteCommand(query, costPriority, provider == null ? null : provider.toLowerCase(Locale.ROOT), model,
        body.bool("fallback"), userId);
  }
}
