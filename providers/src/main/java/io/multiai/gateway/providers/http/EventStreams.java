package io.multiai.gateway.providers.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.codec.ServerSentEvent;

import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.FinishReasons;
import io.multiai.gateway.providers.MidStreamException;
import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.ProviderException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Turns a provider's server-sent events into {@link ProviderChunk}s through a per-call {@link Translator}, and
 * applies the rules every streaming client shares:
 *
 * <ul>
 *   <li>a failure before the first chunk reached the subscriber stays the typed {@link ProviderException} it is
 *       (retryable as a plain call's); one after it becomes a {@link MidStreamException} carrying the usage the
 *       provider had reported;
 *   <li>any other exception (a bug, an answer nobody foresaw) becomes INVALID_RESPONSE without its message,
 *       which could quote the answer;
 *   <li>a stream that ends without its end marker is a CONNECTION failure: the answer is incomplete.
 * </ul>
 */
public final class EventStreams {

  private EventStreams() {}

  /** What one provider's stream format needs: one instance per call, fed events in order. */
  public abstract static class Translator {

    protected final Call call;
    private boolean emittedDelta;
    private boolean finished;

    protected Translator(Call call) {
      this.call = call;
    }

    /** The chunks one event yields, in order; throws a {@link ProviderException} for an error event. */
    protected abstract List<ProviderChunk> onEvent(ServerSentEvent<String> event);

    /**
     * The chunks at the end of the stream (the {@link ProviderChunk.Finish} for formats without an end event),
     * or a failure when the stream ended early.
     */
    protected abstract List<ProviderChunk> onComplete();

    /** The usage reported so far, or null when none was. */
    protected abstract Usage usageSoFar();

    /**
     * The event's data as a JSON object, or null for an event without data (a keep-alive); a body that
     * is not a JSON object is an invalid answer.
     */
    protected JsonNode jsonData(ServerSentEvent<String> event) {
      String data = event.data();
      if (data == null || data.isBlank()) {
        return null;
      }
      JsonNode json = Json.tryParse(data);
      if (json == null || !json.isObject()) {
        throw call.invalidResponse(200, "stream event is not a JSON object (" + data.length() + " chars)");
      }
      return json;
    }

    /** True once the Finish chunk has been produced. */
    protected boolean finished() {
      return finished;
    }

    /** A delta, noting that the answer is not empty. */
    protected ProviderChunk delta(ProviderChunk delta) {
      emittedDelta = true;
      return delta;
    }

    /**
     * The final chunk. An answer without any delta is judged as a plain call's would be: a blocked one fails
     * as CONTENT_BLOCKED, an empty one as INVALID_RESPONSE, both with the billed usage; a blocked one after
     * deltas ends normally with {@code content_filter} (the reader has part of it already, as OpenAI streams it).
     */
    protected ProviderChunk finish(String finishReason, Usage usage) {
      if (!emittedDelta) {
        if (FinishReasons.CONTENT_FILTER.equals(finishReason)) {
          throw call.contentBlocked(200, "answer withheld (finish_reason content_filter)", usage);
        }
        throw call.invalidResponse(200, "streamed answer has no text and no tool call (finish_reason "
            + finishReason + ")", usage);
      }
      finished = true;
      return new ProviderChunk.Finish(finishReason, usage);
    }

    /** The failure for a stream that ended without its end marker. */
    protected ProviderException truncated() {
      return call.failure(ErrorType.CONNECTION, 0, "stream ended before the answer was complete", null, Map.of(),
          null);
    }
  }

  /** The chunks of {@code events} as {@code translator} reads them, with the shared failure rules. */
  public static Flux<ProviderChunk> translate(Call call, Flux<ServerSentEvent<String>> events, Translator translator) {
    AtomicLong delivered = new AtomicLong();
    return events
        .concatMapIterable(translator::onEvent)
        .concatWith(Flux.defer(() -> Flux.fromIterable(translator.onComplete())))
        .doOnNext(chunk -> delivered.incrementAndGet())
        .onErrorMap(e -> !(e instanceof ProviderException),
            e -> call.failure(ErrorType.INVALID_RESPONSE, 0,
                "unreadable stream event (" + e.getClass().getSimpleName() + ")", null, Map.of(), null))
        .onErrorMap(e -> delivered.get() > 0 && !((ProviderException) e).midStream(),
            e -> new MidStreamException((ProviderException) e, translator.usageSoFar()));
  }

  /** Shorthand for a stream that failed to start: the Flux form of a typed failure. */
  public static Flux<ProviderChunk> failed(ProviderException failure) {
    return Mono.<ProviderChunk>error(failure).flux();
  }
}
