package io.multiai.gateway.ingress.web;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies over the configured size with 413: at once when Content-Length says so, otherwise
 * (chunked) as soon as the bytes read pass the limit, so an endless body is never buffered. Batch
 * submissions ({@link #BATCH_PATH}) have a limit of their own.
 */
public final class BodySizeFilter implements WebFilter, Ordered {

  /** The one path whose bodies may be larger (a batch of up to 50,000 items). */
  public static final String BATCH_PATH = "/api/ai/batch";

  private final long defaultMaxBytes;
  private final long batchMaxBytes;
  private final ProblemWriter problems;

  public BodySizeFilter(long maxBytes, ProblemWriter problems) {
    this(maxBytes, maxBytes, problems);
  }

  public BodySizeFilter(long maxBytes, long batchMaxBytes, ProblemWriter problems) {
    this.defaultMaxBytes = maxBytes;
    this.batchMaxBytes = batchMaxBytes;
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    // The canonical path (decoded, lower case): /api/ai/%62atch gets the batch limit, and no other path does.
    long maxBytes = EndpointRules.canonical(exchange.getRequest().getPath().pathWithinApplication()).equals(BATCH_PATH)
        ? batchMaxBytes : defaultMaxBytes;
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > maxBytes) {
      return tooLarge(exchange, maxBytes);
    }
    if (declared >= 0) {
      return chain.filter(exchange); // the server reads no more than Content-Length
    }
    ServerHttpRequestDecorator counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
      @Override
      public Flux<DataBuffer> getBody() {
        AtomicLong seen = new AtomicLong();
        return super.getBody().map(buffer -> {
          if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
            DataBufferUtils.release(buffer);
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, limitText(maxBytes));
          }
          return buffer;
        });
      }
    };
    return chain.filter(exchange.mutate().request(counted).build())
        .onErrorResume(e -> isTooLarge(e), e -> tooLarge(exchange, maxBytes));
  }

  private static boolean isTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ResponseStatusException status && status.getStatusCode().value() == 413) {
        return true;
      }
    }
    return false;
  }

  private Mono<Void> tooLarge(ServerWebExchange exchange, long maxBytes) {
    return problems.write(exchange, 413, "payload-too-large", limitText(maxBytes));
  }

  private static String limitText(long maxBytes) {
    return "the request body must be at most " + maxBytes + " bytes";
  }

  @Override
  public int getOrder() {
    return FilterOrder.BODY_SIZE;
  }
}
