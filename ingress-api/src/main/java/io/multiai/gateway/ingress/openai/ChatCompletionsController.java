package io.multiai.gateway.ingress.openai;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.core.instrument.Timer;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.cache.CachePolicy;
import io.multiai.gateway.ingress.cache.RouteCache;
import io.multiai.gateway.ingress.budgets.BudgetExceededException;
import io.multiai.gateway.ingress.problem.ApiException;
import io.multiai.gateway.ingress.replies.ReplyCorrelator.KafkaUnavailableException;
import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.problem.ErrorShape;
import io.multiai.gateway.ingress.route.QueryEndpoint;
import io.multiai.gateway.ingress.settings.IngressProperties;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.schemas.ReplyError;
import io.multiai.gateway.schemas.StreamDelta;
import io.multiai.gateway.schemas.StreamEnd;
import io.multiai.gateway.schemas.ToolInvocation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}: the OpenAI-compatible edge of the same pipeline as /api/ai/route — the
 * request record goes to ai.requests.route (pins, routing, resilience and fallback in the router worker), the
 * response cache, rate limit (route class), audit and user-id hashing are the route's.
 *
 * <p>Whole answers: {@code chat.completion}. With {@code stream: true}: {@code text/event-stream} of
 * {@code chat.completion.chunk}s, each written and flushed as its delta arrives from Kafka — a first chunk
 * with the role, content and tool-call deltas, a last chunk with the finish reason, a usage chunk with no
 * choices when {@code stream_options.include_usage}, then {@code data: [DONE]}. A failure before the first
 * delta is an HTTP error (the SDKs' typed exceptions); one after it an {@code error} event, as OpenAI sends
 * them. Headers: {@code x-request-id}, {@code x-gateway-provider}, {@code x-gateway-cost-usd} (whole answers),
 * {@code x-gateway-cache} ({@code hit}, {@code miss}, {@code bypass}).
 */
@RestController
class ChatCompletionsController {

  static final String REQUEST_ID = "x-request-id";
  static final String PROVIDER = "x-gateway-provider";
  static final String COST = "x-gateway-cost-usd";
  static final String CACHE = "x-gateway-cache";
  private static final ServerSentEvent<String> DONE = ServerSentEvent.builder("[DONE]").build();

  private final ChatCompletionParser parser;
  private final QueryEndpoint endpoint;
  private final Topics topics;
  private final IngressProperties properties;
  private final RouteCache cache;
  private final JsonMapper json;
  private final Clock clock;

  ChatCompletionsController(ChatCompletionParser parser, QueryEndpoint endpoint, Topics topics, IngressProperties properties,
      RouteCache cache, JsonMapper json, Clock clock) {
    this.parser = parser;
    this.endpoint = endpoint;
    this.topics = topics;
    this.properties = properties;
    this.cache = cache;
    this.json = json;
    this.clock = clock;
  }

  @PostMapping(path = "/v1/chat/completions")
  Mono<ResponseEntity<?>> complete(@RequestBody(required = false) Mono<byte[]> body, ServerHttpRequest http,
      ServerWebExchange exchange) {
    long started = EdgeAttributes.receivedNanos(exchange);
    MediaType contentType = http.getHeaders().getContentType();
    if (contentType != null && !contentType.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("json")) {
      return Mono.error(new ApiException(415, null, "unsupported_media_type", "send the request as application/json"));
    }
    CachePolicy policy = CachePolicy.of(http.getHeaders());
    return body.defaultIfEmpty(new byte[0])
        .map(bytes -> parser.parse(bytes, http.getHeaders().getFirst("X-Cost-Priority")))
        .flatMap(command -> {
          QueryRequest request = endpoint.newRequest(command.query(), command.costPriority(), command.userId())
              .setProvider(command.provider())
              .setModel(command.model())
              .setMessages(command.messages())
              .setGeneration(command.generation())
              .setStream(command.stream())
              .build();
          String cacheKey = cache.key(EdgeAttributes.subject(exchange), request, policy);
          String cacheState = cacheKey == null || !policy.lookup() ? "bypass" : "miss";
          long created = clock.millis() / 1000;
          String id = ChatCompletionBodies.id(request.getRequestId());
          return cache.lookup(cacheKey, policy, request, started)
              .<ResponseEntity<?>>map(hit -> command.stream()
                  ? streamResponse(request, "hit", hit.reply().getProvider(), replay(id, created, hit.reply(), command))
                  : completionResponse(request, "hit", 0.0, hit.reply().getProvider(),
                      ChatCompletionBodies.completion(id, created, hit.reply())))
              .switchIfEmpty(Mono.defer(() -> command.stream()
                  ? stream(request, EdgeAttributes.identity(exchange), command, cacheKey, policy, cacheState, id, created)
                  : whole(request, EdgeAttributes.identity(exchange), cacheKey, policy, cacheState, id, created)));
        });
  }

  private Mono<ResponseEntity<?>> whole(QueryRequest request, ClientIdentity caller, String cacheKey, CachePolicy policy, String cacheState, String id,
      long created) {
    Timer.Sample sample = endpoint.startTimer();
    return endpoint.ask(topics.requestsRoute(), request, caller, properties.replyTimeout())
        .<ResponseEntity<?>>map(reply -> {
          if (reply.getError() != null) {
            return error(request, reply.getError(), reply.getCostUsd());
          }
          cache.store(cacheKey, policy, reply);
          return completionResponse(request, cacheState, reply.getCostUsd(), reply.getProvider(),
              ChatCompletionBodies.completion(id, created, reply));
        })
        .onErrorResume(TimeoutException.class, e -> Mono.just(timeout(request)))
        .doOnNext(response -> endpoint.observe("chat", response.getStatusCode().value(), sample));
  }

  /** @param costUsd the whole request's cost (0 for a cache hit); no header when unknown (an unpriced model) */
  private static ResponseEntity<?> completionResponse(QueryRequest request, String cacheState, Double costUsd, String provider,
      Map<String, Object> body) {
    ResponseEntity.BodyBuilder builder = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
        .header(REQUEST_ID, request.getRequestId())
        .header(CACHE, cacheState)
        .header(PROVIDER, provider == null ? "" : provider);
    if (costUsd != null) {
      builder.header(COST, Double.toString(costUsd));
    }
    return builder.body(body);
  }

  private Mono<ResponseEntity<?>> stream(QueryRequest request, ClientIdentity caller, ChatCompletionCommand command, String cacheKey, CachePolicy policy,
      String cacheState, String id, long created) {
    Timer.Sample sample = endpoint.startTimer();
    Flux<StreamDelta> deltas = endpoint.askStreaming(topics.requestsRoute(), request, caller, properties.replyTimeout());
    return deltas.switchOnFirst((first, all) -> {
      if (first.hasError()) {
        Throwable e = first.getThrowable();
        if (e instanceof BudgetExceededException || e instanceof KafkaUnavailableException) {
          return Flux.error(e); // a 402 or 503 before any event, in OpenAI's error shape (BudgetProblemHandler, KafkaUnavailableHandler)
        }
        return Flux.just(e instanceof TimeoutException ? timeout(request) : ErrorShape.openAi(502, "the reply could not be read",
            null, "bad_reply", null));
      }
      StreamDelta head = first.get();
      if (head == null) {
        return Flux.just(timeout(request));
      }
      if (head.getEnd() != null && head.getEnd().getError() != null) {
        return Flux.just(error(request, head.getEnd().getError(), head.getEnd().getCostUsd()));
      }
      Assembly assembly = new Assembly(request, head);
      Flux<ServerSentEvent<String>> events = Flux.concat(
          Flux.just(event(ChatCompletionBodies.chunk(id, created, head.getModel(), Map.of("role", "assistant", "content", ""), null,
              command.includeUsage()))),
          all.concatMap(delta -> events(delta, id, created, head.getModel(), command, assembly, cacheKey, policy)))
          .onErrorResume(e -> Flux.just(event(ErrorShape.openAiBody(e instanceof TimeoutException ? 504 : 502,
              e instanceof TimeoutException ? "no delta within " + properties.replyTimeout().toMillis() + " ms: the stream was abandoned"
                  : "the stream could not be read", null, e instanceof TimeoutException ? "stream_timeout" : "bad_reply"))));
      return Flux.just(streamResponse(request, cacheState, head.getProvider(), events));
    }, false)
        .single()
        .doOnNext(response -> endpoint.observe("chat-stream", response.getStatusCode().value(), sample));
  }

  /** The events one delta becomes; the end also stores the completed stream in the cache. */
  private Flux<ServerSentEvent<String>> events(StreamDelta delta, String id, long created, String model,
      ChatCompletionCommand command, Assembly assembly, String cacheKey, CachePolicy policy) {
    Map<String, Object> piece = ChatCompletionBodies.delta(delta);
    List<ServerSentEvent<String>> out = new ArrayList<>(3);
    if (piece != null) {
      assembly.add(delta);
      out.add(event(ChatCompletionBodies.chunk(id, created, model, piece, null, command.includeUsage())));
    }
    StreamEnd end = delta.getEnd();
    if (end == null) {
      return Flux.fromIterable(out);
    }
    if (end.getError() != null) {
      ReplyError error = end.getError();
      out.add(event(ErrorShape.openAiBody(error.getStatus(), error.getDetail(), null, error.getType())));
      return Flux.fromIterable(out);
    }
    String finish = ChatCompletionBodies.finishReason(end.getFinishReason(), assembly.hasToolCalls());
    out.add(event(ChatCompletionBodies.chunk(id, created, end.getModel() != null ? end.getModel() : model, Map.of(), finish,
        command.includeUsage())));
    if (command.includeUsage()) {
      out.add(event(ChatCompletionBodies.usageChunk(id, created, end.getModel() != null ? end.getModel() : model, end)));
    }
    out.add(DONE);
    cache.store(cacheKey, policy, assembly.complete(end));
    return Flux.fromIterable(out);
  }

  /** A cached answer as a stream: role, its text in one delta, its tool calls, the finish, usage, [DONE]. */
  private Flux<ServerSentEvent<String>> replay(String id, long created, QueryResponse reply, ChatCompletionCommand command) {
    List<ServerSentEvent<String>> out = new ArrayList<>();
    String model = reply.getModel();
    out.add(event(ChatCompletionBodies.chunk(id, created, model, Map.of("role", "assistant", "content", ""), null,
        command.includeUsage())));
    if (reply.getAnswer() != null && !reply.getAnswer().isEmpty()) {
      out.add(event(ChatCompletionBodies.chunk(id, created, model, Map.of("content", reply.getAnswer()), null,
          command.includeUsage())));
    }
    for (int i = 0; i < reply.getToolCalls().size(); i++) {
      ToolInvocation call = reply.getToolCalls().get(i);
      out.add(event(ChatCompletionBodies.chunk(id, created, model, Map.of("tool_calls", List.of(Map.of("index", i, "id", call.getId(),
          "type", "function", "function", Map.of("name", call.getName(), "arguments", call.getArguments())))), null,
          command.includeUsage())));
    }
    out.add(event(ChatCompletionBodies.chunk(id, created, model, Map.of(),
        ChatCompletionBodies.finishReason(reply.getFinishReason(), !reply.getToolCalls().isEmpty()), command.includeUsage())));
    if (command.includeUsage()) {
      out.add(event(ChatCompletionBodies.usageChunk(id, created, model, StreamEnd.newBuilder().setInputTokens(reply.getInputTokens())
          .setOutputTokens(reply.getOutputTokens()).setCachedInputTokens(reply.getCachedInputTokens())
          .setReasoningTokens(reply.getReasoningTokens()).setAttempts(List.of()).build())));
    }
    out.add(DONE);
    return Flux.fromIterable(out);
  }

  private static ResponseEntity<?> streamResponse(QueryRequest request, String cacheState, String provider,
      Flux<ServerSentEvent<String>> events) {
    ResponseEntity.BodyBuilder builder = ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header(REQUEST_ID, request.getRequestId())
        .header(CACHE, cacheState);
    if (provider != null) {
      builder.header(PROVIDER, provider);
    }
    return builder.body(events);
  }

  private ServerSentEvent<String> event(Map<String, Object> body) {
    return ServerSentEvent.builder(json.writeValueAsString(body)).build();
  }

  private static ResponseEntity<?> error(QueryRequest request, ReplyError error, Double costUsd) {
    ResponseEntity<Map<String, Object>> response = ErrorShape.openAi(error.getStatus(), error.getDetail(), null, error.getType(),
        error.getRetryAfterSeconds());
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
        .header(REQUEST_ID, request.getRequestId());
    if (costUsd != null && costUsd > 0) {
      builder.header(COST, Double.toString(costUsd));
    }
    return builder.body(response.getBody());
  }

  private ResponseEntity<?> timeout(QueryRequest request) {
    return ResponseEntity.status(504).contentType(MediaType.APPLICATION_JSON).header(REQUEST_ID, request.getRequestId())
        .body(ErrorShape.openAiBody(504, "no worker answered request " + request.getRequestId() + " within "
            + properties.replyTimeout().toMillis() + " ms", null, "reply_timeout"));
  }

  /**
   * A streamed answer put back together as it passes, for the response cache only: the deltas are forwarded
   * the moment they arrive, and this copy is stored once the stream has ended well.
   */
  private static final class Assembly {
    private final QueryRequest request;
    private final StreamDelta head;
    private final StringBuilder text = new StringBuilder();
    private final TreeMap<Integer, String[]> calls = new TreeMap<>();

    Assembly(QueryRequest request, StreamDelta head) {
      this.request = request;
      this.head = head;
    }

    void add(StreamDelta delta) {
      if (delta.getText() != null) {
        text.append(delta.getText());
      }
      if (delta.getToolCall() != null) {
        var chunk = delta.getToolCall();
        String[] call = calls.computeIfAbsent(chunk.getIndex(), i -> new String[] {null, null, ""});
        if (chunk.getId() != null) {
          call[0] = chunk.getId();
        }
        if (chunk.getName() != null) {
          call[1] = chunk.getName();
        }
        if (chunk.getArgumentsDelta() != null) {
          call[2] += chunk.getArgumentsDelta();
        }
      }
    }

    boolean hasToolCalls() {
      return !calls.isEmpty();
    }

    QueryResponse complete(StreamEnd end) {
      List<ToolInvocation> toolCalls = new ArrayList<>();
      calls.values().forEach(c -> toolCalls.add(new ToolInvocation(c[0] == null ? "call_" + toolCalls.size() : c[0],
          c[1] == null ? "" : c[1], c[2])));
      return QueryResponse.newBuilder()
          .setRequestId(request.getRequestId())
          .setAnswer(text.toString())
          .setModel(end.getModel() != null ? end.getModel() : head.getModel())
          .setProvider(end.getProvider() != null ? end.getProvider() : head.getProvider())
          .setComplexity(end.getComplexity())
          .setInputTokens(end.getInputTokens())
          .setOutputTokens(end.getOutputTokens())
          .setCachedInputTokens(end.getCachedInputTokens())
          .setReasoningTokens(end.getReasoningTokens())
          .setCostUsd(end.getCostUsd())
          .setLatencyMs(end.getLatencyMs())
          .setAttempts(end.getAttempts())
          .setSimulated(end.getSimulated())
          .setToolCalls(toolCalls)
          .setFinishReason(end.getFinishReason())
          .build();
    }
  }
}
