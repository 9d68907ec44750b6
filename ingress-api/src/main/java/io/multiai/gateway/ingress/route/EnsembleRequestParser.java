package io.multiai.gateway.ingress.route;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.EnsembleStrategy;
import tools.jackson.databind.json.JsonMapper;

/** Reads and validates the JSON body of /api/ai/ensemble. */
public final class EnsembleRequestParser {

  /** A validated /api/ai/ensemble call. */
  public record EnsembleCommand(String query, List<String> models, EnsembleStrategy strategy, CostPriority costPriority,
      Long timeoutMs, String userId) {

    @Override
    public String toString() {
      return "EnsembleCommand[queryChars=" + query.length() + ", models=" + models + ", strategy=" + strategy + "]";
    }
  }

  private static final Set<String> FIELDS = Set.of("query", "models", "strategy", "costPriority", "timeoutMs", "userId");
  private static final int MAX_MODELS = 6;

  private final JsonMapper json;
  private final ModelCatalog catalog;

  public EnsembleRequestParser(JsonMapper json, ModelCatalog catalog) {
    this.json = json;
    this.catalog = catalog;
  }

  public EnsembleCommand parse(byte[] bytes, long maxTimeoutMs) {
    JsonBody body = JsonBody.parse(json, bytes, FIELDS);
    String query = body.query();
    List<String> models = body.identifiers("models", MAX_MODELS);
    for (String model : models) {
      if (catalog.providerOf(model).isEmpty()) {
        throw new InvalidRequestException("models", "unknown model '" + model + "'");
      }
    }
    if (models.size() != models.stream().distinct().count()) {
      throw new InvalidRequestException("models", "models must not repeat a model");
    }
    EnsembleStrategy strategy = strategy(body.text("strategy", false));
    return new EnsembleCommand(query, models, strategy, body.costPriority(), body.integer("timeoutMs", 100, maxTimeoutMs),
        body.identifier("userId"));
  }

  private static EnsembleStrategy strategy(String value) {
    if (value == null) {
      return EnsembleStrategy.CONSENSUS;
    }
    try {
      return EnsembleStrategy.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("strategy", "strategy must be one of consensus, best, synthesize, fastest");
    }
  }
}
