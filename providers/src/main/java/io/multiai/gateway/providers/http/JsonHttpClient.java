package io.multiai.gateway.providers.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.resilience.ResilienceProperties;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * POSTs JSON to one provider over its own connection pool and hands back the whole answer, whatever
 * its status. Transport failures come out as typed {@link ProviderException}s. Cancelling the returned
 * Mono (or the deadline passing) closes the connection mid-exchange: Reactor Netty never returns a
 * connection with an unread response to the pool.
 */
public final class JsonHttpClient implements AutoCloseable {

  /** An answer of a few thousand tokens is a few kB; this only stops a runaway body. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  /**
   * HTTP/1.1 holds one connection per call in flight, so a pool smaller than the bulkhead would cap a
   * worker at pool ÷ latency answers/s (200 connections: 200/s at 1 s per answer) and queue the rest
   * inside the worker. Connections are opened on demand and closed after {@link #MAX_IDLE}, so the size
   * costs nothing until the load needs it; a socket costs a few kB.
   */
  static final int MAX_CONNECTIONS = ResilienceProperties.DEFAULT_MAX_CONCURRENT_CALLS;
  /** Providers' load balancers drop idle connections; reusing one they dropped costs a failed call. */
  static final Duration MAX_IDLE = Duration.ofSeconds(30);

  private final ConnectionProvider pool;
  private final WebClient webClient;
  private final Duration responseTimeout;

  public JsonHttpClient(String name, String baseUrl, Duration connectTimeout, Duration responseTimeout) {
    this.responseTimeout = responseTimeout;
    this.pool = ConnectionProvider.builder(name)
        .maxConnections(MAX_CONNECTIONS)
        .pendingAcquireMaxCount(4 * MAX_CONNECTIONS)
        .maxIdleTime(MAX_IDLE)
        .evictInBackground(MAX_IDLE)
        .build();
    HttpClient http = HttpClient.create(pool)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .compress(true);
    this.webClient = WebClient.builder()
        .baseUrl(withoutTrailingSlash(baseUrl))
        .clientConnector(new ReactorClientHttpConnector(http))
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
        .build();
  }

  /**
   * POSTs and reads the answer with {@code reader}, which throws a {@link ProviderException} for an
   * unusable one. Any other failure of the reader is a bug or an answer nobody foresaw: it still comes
   * out typed, as INVALID_RESPONSE, and without its message (which could quote the answer).
   *
   * @param path relative to the base URL; {@code {name}} placeholders are filled from {@code pathVariables},
   *     each value encoded as one path segment
   */
  public <T> Mono<T> post(Call call, String path, Map<String, ?> pathVariables, Consumer<HttpHeaders> headers,
      byte[] json, Function<HttpReply, T> reader) {
    return post(call, path, pathVariables, headers, json)
        .map(reader)
        .onErrorMap(e -> !(e instanceof ProviderException),
            e -> call.failure(ErrorType.INVALID_RESPONSE, 0, "unreadable answer (" + e.getClass().getSimpleName() + ")",
                null, Map.of(), null));
  }

  /** The whole answer, whatever its status; only transport failures are errors. */
  public Mono<HttpReply> post(Call call, String path, Map<String, ?> pathVariables, Consumer<HttpHeaders> headers,
      byte[] json) {
    return webClient.post()
        .uri(path, pathVariables)
        .headers(headers)
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchangeToMono(JsonHttpClient::read)
        // The whole exchange, body included, must fit the deadline: a server trickling bytes can not hold it open.
        .timeout(responseTimeout)
        .onErrorMap(e -> !(e instanceof ProviderException), e -> TransportFailures.classify(call, e, responseTimeout));
  }

  private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
      new ParameterizedTypeReference<>() {};

  /**
   * POSTs and reads the answer as a stream of server-sent events, as they arrive. The SSE framing (fields,
   * multi-line {@code data}, comments, {@code \r\n}) is Spring's {@code ServerSentEventHttpMessageReader}'s,
   * not parsed here. A non-2xx answer is read whole and turned into the provider's typed failure by
   * {@code failure}. Transport failures come out typed as for {@link #post}.
   *
   * <p>Time: the response timeout bounds the wait for the first event and every gap between two events,
   * not the whole stream (a long answer may stream for minutes; a stalled one is cut after one timeout).
   * Cancelling the Flux closes the connection: the provider stops generating, and billing, soon after.
   */
  public Flux<ServerSentEvent<String>> stream(Call call, String path, Map<String, ?> pathVariables,
      Consumer<HttpHeaders> headers, byte[] json, Function<HttpReply, ProviderException> failure) {
    return webClient.post()
        .uri(path, pathVariables)
        .headers(headers)
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchangeToFlux(response -> response.statusCode().is2xxSuccessful()
            ? response.bodyToFlux(SSE)
            : read(response).flatMapMany(reply -> Flux.error(failure.apply(reply))))
        .timeout(Mono.delay(responseTimeout), event -> Mono.delay(responseTimeout))
        .onErrorMap(e -> !(e instanceof ProviderException), e -> TransportFailures.classify(call, e, responseTimeout));
  }

  private static Mono<HttpReply> read(ClientResponse response) {
    Map<String, String> headers = new HashMap<>();
    response.headers().asHttpHeaders()
        .forEach((name, values) -> headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
    int status = response.statusCode().value();
    return response.bodyToMono(byte[].class)
        .defaultIfEmpty(new byte[0])
        .map(body -> new HttpReply(status, headers, new String(body, StandardCharsets.UTF_8)));
  }

  private static String withoutTrailingSlash(String url) {
    String trimmed = url.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
