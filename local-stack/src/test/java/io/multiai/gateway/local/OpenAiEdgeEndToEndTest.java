package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.multiai.gateway.providers.fake.FakeResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible edge (issue 14) through the whole pipeline on a real broker, with the real provider
 * clients pointed at fakes that speak each provider's wire format: whole answers, streams that arrive
 * incrementally, usage last, tool calls, auto routing, fallback before the first token, a failure after it,
 * and a client that hangs up cancelling the provider call.
 */
class OpenAiEdgeEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes()
      .everywhere("gateway.resilience.retry.max-attempts", 1)
      .ingress(Map.of("gateway.cache.enabled", true, "gateway.rate-limit.route", 10_000));

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static GatewayClient gateway;

  @BeforeAll
  static void callAsAClient() {
    gateway = local.client(TestKeys.CLIENT);
  }

  @Test
  void listsTheCatalogAndAutoInOpenAisShapeAndAnUnknownModelIs404() {
    JsonNode list = gateway.get("/v1/models").json();
    assertThat(list.get("object").asString()).isEqualTo("list");
    List<String> ids = new ArrayList<>();
    list.get("data").forEach(m -> ids.add(m.get("id").asString()));
    assertThat(ids).contains("auto", "gpt-5-mini", "claude-sonnet-4-5", "gemini-2.5-flash");
    JsonNode one = gateway.get("/v1/models/gpt-5-mini").json();
    assertThat(one.get("object").asString()).isEqualTo("model");
    assertThat(one.get("owned_by").asString()).isEqualTo("openai");

    GatewayClient.Response missing = gateway.get("/v1/models/nope-1");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("error").get("code").asString()).isEqualTo("model_not_found");
  }

  @Test
  void answersAPinnedModelWithAChatCompletionAndTheGatewayHeaders() {
    local.fakes().openai.enqueue(FakeResponse.json(200, openAiCompletion("Hello there.", null)));

    GatewayClient.Response response = gateway.postJson("/v1/chat/completions",
        "{\"model\":\"gpt-5-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"pinned hello\"}],"
            + "\"max_completion_tokens\":50,\"temperature\":0.5,\"store\":false}", "cache-control", "no-cache");

    assertThat(response.status()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.get("id").asString()).startsWith("chatcmpl-");
    assertThat(body.get("object").asString()).isEqualTo("chat.completion");
    assertThat(body.get("model").asString()).isEqualTo("gpt-5-mini");
    JsonNode choice = body.get("choices").get(0);
    assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
    assertThat(choice.get("message").get("content").asString()).isEqualTo("Hello there.");
    assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
    assertThat(body.get("usage").get("total_tokens").asLong()).isEqualTo(12);
    assertThat(body.get("usage").get("prompt_tokens_details").get("cached_tokens").isNumber()).isTrue();
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
    assertThat(response.headers().firstValue("x-gateway-provider")).hasValue("openai");
    assertThat(response.headers().firstValue("x-gateway-cost-usd")).isPresent();
    assertThat(response.headers().firstValue("x-gateway-cache")).hasValue("bypass");
  }

  @Test
  void autoRoutesASimpleQuestionByComplexityAndCostPriority() {
    local.fakes().gemini.enqueue(FakeResponse.json(200, geminiAnswer("Four.")));

    JsonNode body = gateway.postJson("/v1/chat/completions",
        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"auto: what is 2+2?\"}]}",
        "X-Cost-Priority", "cheap", "cache-control", "no-cache").json();

    assertThat(body.get("model").asString()).isEqualTo("gemini-2.5-flash");
    assertThat(body.get("choices").get(0).get("message").get("content").asString()).isEqualTo("Four.");
  }

  @Test
  void aToolCallRoundTripsAndTheToolResultReachesTheProvider() {
    local.fakes().openai.enqueue(FakeResponse.json(200, openAiCompletion(null,
        "[{\"id\":\"call_7\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]")));
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"parameters\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
    // The fake also holds the requests of tests that ran before (in no fixed order): this test reads its own.
    int before = local.fakes().openai.history().size();

    JsonNode first = gateway.postJson("/v1/chat/completions", "{\"model\":\"gpt-5-mini\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"weather in Oslo?\"}]," + tools + "}", "cache-control", "no-cache").json();

    JsonNode call = first.get("choices").get(0).get("message").get("tool_calls").get(0);
    assertThat(call.get("id").asString()).isEqualTo("call_7");
    assertThat(call.get("function").get("name").asString()).isEqualTo("weather");
    assertThat(first.get("choices").get(0).get("finish_reason").asString()).isEqualTo("tool_calls");

    local.fakes().openai.enqueue(FakeResponse.json(200, openAiCompletion("It is 5 degrees.", null)));
    JsonNode second = gateway.postJson("/v1/chat/completions", "{\"model\":\"gpt-5-mini\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"weather in Oslo?\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_7\",\"content\":\"{\\\"celsius\\\":5}\"}]," + tools + "}",
        "cache-control", "no-cache").json();

    assertThat(second.get("choices").get(0).get("message").get("content").asString()).isEqualTo("It is 5 degrees.");
    assertThat(local.fakes().openai.history()).hasSize(before + 2);
    String sent = local.fakes().openai.history().get(before + 1).body();
    assertThat(sent).contains("call_7").contains("celsius").contains("\"tool\"");
  }

  @Test
  void streamsChunksAsTheyArriveWithUsageLastThenDone() throws Exception {
    local.fakes().openai.enqueue(FakeResponse.eventStream(openAiStream(List.of("One", " two", " three", " four")), Duration.ofMillis(300)));

    List<Timed> events = stream("{\"model\":\"gpt-5-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"count slowly\"}]}");

    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    List<JsonNode> chunks = events.stream().filter(e -> !e.data().equals("[DONE]")).map(e -> JSON.readTree(e.data())).toList();
    assertThat(chunks.get(0).get("object").asString()).isEqualTo("chat.completion.chunk");
    assertThat(chunks.get(0).get("choices").get(0).get("delta").get("role").asString()).isEqualTo("assistant");
    StringBuilder text = new StringBuilder();
    long firstContentAt = -1;
    for (int i = 0; i < chunks.size(); i++) {
      JsonNode choices = chunks.get(i).get("choices");
      if (!choices.isEmpty() && choices.get(0).get("delta").has("content")) {
        text.append(choices.get(0).get("delta").get("content").asString());
        if (firstContentAt < 0 && !choices.get(0).get("delta").get("content").asString().isEmpty()) {
          firstContentAt = events.get(i).atMs();
        }
      }
    }
    assertThat(text).hasToString("One two three four");
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.get("choices")).isEmpty();
    assertThat(last.get("usage").get("completion_tokens").asLong()).isEqualTo(4);
    assertThat(chunks.get(chunks.size() - 2).get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
    // Incremental: the first words were on the wire while the provider was still sending the rest (300 ms apart).
    assertThat(events.get(events.size() - 1).atMs() - firstContentAt).isGreaterThanOrEqualTo(600);
  }

  @Test
  void aFailureBeforeTheFirstTokenFallsBackToTheNextModel() throws Exception {
    local.fakes().gemini.enqueue(FakeResponse.json(500, "{\"error\":{\"code\":500,\"message\":\"internal\",\"status\":\"INTERNAL\"}}"));
    local.fakes().anthropic.enqueue(FakeResponse.eventStream(anthropicStream("Fallback answer."), Duration.ofMillis(10)));

    List<Timed> events = stream("{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"fallback please\"}]}");

    String all = String.join("\n", events.stream().map(Timed::data).toList());
    assertThat(all).contains("Fallback answer.").contains("claude-haiku-4-5").doesNotContain("\"error\"");
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
  }

  @Test
  void aFailureAfterTheFirstTokenEndsTheStreamWithAnErrorEvent() throws Exception {
    String whole = openAiStream(List.of("Half", " an", " answer"));
    String cut = whole.substring(0, whole.indexOf(" an\"") + 200 > whole.length() ? whole.length() : whole.indexOf("answer"));
    local.fakes().openai.enqueue(FakeResponse.eventStream(cut.substring(0, cut.lastIndexOf("\n\n") + 2), Duration.ofMillis(20)).thenDropped());

    List<Timed> events = stream("{\"model\":\"gpt-5-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"break midway\"}]}");

    String all = String.join("\n", events.stream().map(Timed::data).toList());
    assertThat(all).contains("Half");
    JsonNode last = JSON.readTree(events.get(events.size() - 1).data());
    assertThat(last.get("error").get("code").asString()).isEqualTo("stream_interrupted");
  }

  @Test
  void aClientThatHangsUpCancelsTheProviderCall() throws Exception {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      words.add(" w" + i);
    }
    int cutBefore = local.fakes().openai.streamsCutShort();
    local.fakes().openai.enqueue(FakeResponse.eventStream(openAiStream(words), Duration.ofMillis(100)));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.ingressPort() + "/v1/chat/completions"))
        .header("authorization", "Bearer " + TestKeys.CLIENT).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"a long story\"}]}")).build();
    HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
    Iterator<String> lines = response.body().iterator();
    int data = 0;
    while (lines.hasNext() && data < 3) {
      if (lines.next().startsWith("data:")) {
        data++;
      }
    }
    response.body().close(); // hang up after the first words

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (local.fakes().openai.streamsCutShort() <= cutBefore && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(local.fakes().openai.streamsCutShort()).as("the provider saw its connection closed before the last event")
        .isGreaterThan(cutBefore);
  }

  @Test
  void refusesWhatItCannotHonourInOpenAisErrorShapeNamingTheParameter() {
    GatewayClient.Response n = gateway.postJson("/v1/chat/completions",
        "{\"model\":\"auto\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(n.status()).isEqualTo(400);
    assertThat(n.json().get("error").get("param").asString()).isEqualTo("n");
    assertThat(n.json().get("error").get("type").asString()).isEqualTo("invalid_request_error");

    GatewayClient.Response image = gateway.postJson("/v1/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://x\"}}]}]}");
    assertThat(image.status()).isEqualTo(400);
    assertThat(image.json().get("error").get("param").asString()).isEqualTo("messages[0].content[0].type");

    GatewayClient.Response unauthenticated = local.anonymous().postJson("/v1/chat/completions", "{}");
    assertThat(unauthenticated.status()).isEqualTo(401);
    assertThat(unauthenticated.json().get("error").get("type").asString()).isEqualTo("authentication_error");
  }

  record Timed(long atMs, String data) {}

  private static List<Timed> stream(String body) throws Exception {
    long started = System.nanoTime();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.ingressPort() + "/v1/chat/completions"))
        .header("authorization", "Bearer " + TestKeys.CLIENT).header("content-type", "application/json")
        .header("cache-control", "no-cache")
        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build();
    HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    List<Timed> events = new ArrayList<>();
    response.body().forEach(line -> {
      if (line.startsWith("data:")) {
        events.add(new Timed((System.nanoTime() - started) / 1_000_000, line.substring(5).strip()));
      }
    });
    return events;
  }

  static String openAiCompletion(String content, String toolCalls) {
    return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-5-mini\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":" + (content == null ? "null" : "\"" + content + "\"")
        + (toolCalls == null ? "" : ",\"tool_calls\":" + toolCalls) + "},\"finish_reason\":\"" + (toolCalls == null ? "stop" : "tool_calls")
        + "\"}],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":4,\"total_tokens\":12,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}";
  }

  static String openAiStream(List<String> pieces) {
    StringBuilder sse = new StringBuilder();
    String head = "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-5-mini\",";
    sse.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    for (String piece : pieces) {
      sse.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(piece)
          .append("\"},\"finish_reason\":null}]}\n\n");
    }
    sse.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    sse.append("data: ").append(head).append("\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":").append(pieces.size())
        .append(",\"total_tokens\":").append(5 + pieces.size()).append("}}\n\n");
    sse.append("data: [DONE]\n\n");
    return sse.toString();
  }

  static String anthropicStream(String text) {
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
        + text + "\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  }

  static String geminiAnswer(String text) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],"
        + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,\"totalTokenCount\":7},\"modelVersion\":\"gemini-2.5-flash\"}";
  }
}
