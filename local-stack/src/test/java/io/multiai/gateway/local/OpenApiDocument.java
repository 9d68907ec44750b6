package io.multiai.gateway.local;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served OpenAPI 3.1 document as a validator of real answers: the schema of an operation's
 * response (by path, method, status and media type, following {@code $ref}s to shared responses)
 * checked with JSON Schema 2020-12, the dialect OpenAPI 3.1 schemas are written in.
 */
final class OpenApiDocument {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BASE = "https://multi-ai-gateway.invalid/openapi.json";

  private final JsonNode document;
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  OpenApiDocument(JsonNode document) {
    this.document = document;
  }

  JsonNode json() {
    return document;
  }

  /**
   * The validation errors of a body against the documented response, as readable strings; empty
   * when it matches. Fails when the document has no such response (an undocumented answer).
   */
  List<String> errors(String method, String path, int status, String mediaType, String body) {
    JsonNode response = document.path("paths").path(path).path(method.toLowerCase()).path("responses").path(Integer.toString(status));
    if (response.isMissingNode()) {
      throw new AssertionError(method + " " + path + " documents no " + status + " response");
    }
    String pointer = "#/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses/" + status;
    if (response.has("$ref")) {
      pointer = response.get("$ref").asString();
      response = document.at(pointer.substring(1));
    }
    if (!response.path("content").has(mediaType)) {
      throw new AssertionError(method + " " + path + " " + status + " documents no " + mediaType + " body");
    }
    // The whole document is the schema resource, so its internal $refs resolve; its root $ref picks the
    // response's schema (the document's other members are unknown keywords there, ignored).
    ObjectNode root = ((ObjectNode) document.deepCopy());
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$ref", pointer + "/content/" + escape(mediaType) + "/schema");
    Schema schema = registry.getSchema(SchemaLocation.of(BASE), root);
    List<Error> errors = schema.validate(JSON.readTree(body));
    return errors.stream().map(Error::toString).toList();
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }
}
