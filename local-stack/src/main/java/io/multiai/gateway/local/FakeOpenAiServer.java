package io.multiai.gateway.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A fast upstream that speaks OpenAI's Chat Completions wire format, for benchmarks: it answers every
 * POST .../chat/completions with one fixed completion after an optional delay. A request with
 * {@code "stream":true} gets a {@code text/event-stream} of {@code chat.completion.chunk}s instead, at a fixed
 * pace: after the delay the first chunk (role and the first word), then another word every {@code paceMs},
 * {@code chunks} words in all, then the finish chunk, the usage chunk and {@code data: [DONE]}, each flushed as
 * it is sent (bench/streaming.sh). Each word carries the wall-clock time it was sent, in microseconds since the
 * epoch ({@code word3@1764512345678901}), so a client on the same machine can tell how long a chunk took from
 * here to it. Usage: FakeOpenAiServer [port] [delayMs] [chunks] [paceMs].
 *
 * <p>Not a test fake (the suites' one HTTP fake is {@code FakeHttpServer} in the providers' test jar):
 * the benchmark scripts launch this as a program from the built classes, outside any test, and it
 * writes each chunk's content when it sends it (the send time), which a scripted fake cannot.
 */
public final class FakeOpenAiServer {

  static final String COMPLETION = """
      {"id":"chatcmpl-bench","object":"chat.completion","created":1741569952,"model":"gpt-5-mini",\
      "choices":[{"index":0,"message":{"role":"assistant","content":"Paris is the capital of France.",\
      "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],\
      "usage":{"prompt_tokens":14,"completion_tokens":8,"total_tokens":22,\
      "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
      "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,\
      "rejected_prediction_tokens":0}},"service_tier":"default"}""";

  private static final String CHUNK_HEAD = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1741569952,\"model\":\"gpt-5-mini\",";

  /** Replaced by the wall-clock microseconds when the event is sent. */
  static final String SENT_AT = "{sentAt}";

  private FakeOpenAiServer() {}

  static String stamped(String event) {
    java.time.Instant now = java.time.Instant.now();
    return event.replace(SENT_AT, Long.toString(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000));
  }

  /** The SSE events of one streamed answer: {@code chunks} words, then finish, usage and [DONE]. */
  static List<String> streamEvents(int chunks) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      String delta = (i == 0 ? "\"role\":\"assistant\"," : "") + "\"content\":\"" + (i == 0 ? "word" : " word") + i + "@" + SENT_AT
          + "\"";
      events.add(CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{" + delta + "},\"finish_reason\":null}]}\n\n");
    }
    events.add(CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + CHUNK_HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":" + chunks
        + ",\"total_tokens\":" + (14 + chunks) + "}}\n\ndata: [DONE]\n\n");
    return events;
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18500;
    long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
    int chunks = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    long paceMs = args.length > 3 ? Long.parseLong(args[3]) : 20;
    byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
    List<String> events = streamEvents(chunks);
    DisposableServer server = HttpServer.create()
        .host("127.0.0.1")
        .port(port)
        .route(routes -> routes.post("/**", (request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
            .flatMap(requestBody -> (delayMs > 0 ? Mono.delay(Duration.ofMillis(delayMs)) : Mono.just(0L)).then(
                requestBody.replace(" ", "").contains("\"stream\":true")
                    // The pace comes between events, so each is flushed on its own, as a provider sends tokens.
                    ? response.header("content-type", "text/event-stream").sendString(Flux.concat(Flux.just(events.get(0)),
                        Flux.fromIterable(events.subList(1, events.size())).delayElements(Duration.ofMillis(paceMs)))
                        .map(FakeOpenAiServer::stamped), StandardCharsets.UTF_8).then()
                    : response.header("content-type", "application/json")
                        .header("content-length", Integer.toString(body.length))
                        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                        .then()))))
        .bindNow();
    System.out.println("fake OpenAI upstream on http://127.0.0.1:" + server.port() + "/v1 (delay " + delayMs + " ms; streams: "
        + chunks + " chunks, one every " + paceMs + " ms)");
    server.onDispose().block();
  }
}
