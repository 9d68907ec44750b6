package io.multiai.gateway.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A fast upstream that speaks OpenAI's Chat Completions wire format, for benchmarks: it answers every
 * POST .../chat/completions with one fixed completion after an optional delay. Usage:
 * FakeOpenAiServer [port] [delayMs].
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

  private FakeOpenAiServer() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18500;
    long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
    byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
    DisposableServer server = HttpServer.create()
        .host("127.0.0.1")
        .port(port)
        .route(routes -> routes.post("/**", (request, response) -> request.receive().then(
            (delayMs > 0 ? Mono.delay(Duration.ofMillis(delayMs)) : Mono.just(0L)).then(
                response.header("content-type", "application/json")
                    .header("content-length", Integer.toString(body.length))
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                    .then()))))
        .bindNow();
    System.out.println("fake OpenAI upstream on http://127.0.0.1:" + server.port() + "/v1 (delay " + delayMs + " ms)");
    server.onDispose().block();
  }
}
