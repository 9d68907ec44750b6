package io.multiai.gateway.providers.fake;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A request {@link FakeHttpServer} received: header names lower-cased, the body as text. */
public record RecordedRequest(String method, String uri, Map<String, List<String>> headers, String body) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public JsonNode json() {
    return JSON.readTree(body);
  }
}
