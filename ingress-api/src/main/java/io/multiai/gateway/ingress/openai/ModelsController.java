package io.multiai.gateway.ingress.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ModelSpec;
import io.multiai.gateway.ingress.problem.ApiException;

/**
 * {@code GET /v1/models} and {@code /v1/models/{id}} in OpenAI's shape ({@code ListModelsResponse}: {@code {object:
 * "list", data: [Model]}}; {@code Model}: id, object "model", created (epoch seconds), owned_by): the model
 * catalog, owned by its provider, plus {@code auto} (owned by the gateway: routing by complexity × cost
 * priority). {@code created} is when this gateway process started: the catalog has no dates of its own.
 */
@RestController
class ModelsController {

  private final ModelCatalog catalog;
  private final long created = java.time.Instant.now().getEpochSecond();

  ModelsController(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/v1/models")
  Map<String, Object> list() {
    List<Map<String, Object>> data = new ArrayList<>();
    data.add(model(ChatCompletionParser.AUTO, "multi-ai-gateway"));
    for (ModelSpec spec : catalog.all()) {
      data.add(model(spec.id(), spec.provider().wireName()));
    }
    return Map.of("object", "list", "data", data);
  }

  @GetMapping("/v1/models/{id}")
  ResponseEntity<Map<String, Object>> one(@PathVariable String id) {
    if (id.equals(ChatCompletionParser.AUTO)) {
      return ResponseEntity.ok(model(id, "multi-ai-gateway"));
    }
    return catalog.find(id).map(spec -> ResponseEntity.ok(model(spec.id(), spec.provider().wireName())))
        .orElseThrow(() -> new ApiException(404, "model", "model_not_found", "The model `" + id + "` does not exist"));
  }

  private Map<String, Object> model(String id, String ownedBy) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("id", id);
    model.put("object", "model");
    model.put("created", created);
    model.put("owned_by", ownedBy);
    return model;
  }
}
