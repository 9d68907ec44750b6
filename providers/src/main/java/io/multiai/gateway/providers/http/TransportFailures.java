package io.multiai.gateway.providers.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.springframework.core.io.buffer.DataBufferLimitException;

import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;
import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

/** Names a failure that happened below HTTP: no status, or no complete answer. */
final class TransportFailures {

  private TransportFailures() {}

  static ProviderException classify(Call call, Throwable error, Duration responseTimeout) {
    if (has(error, TimeoutException.class) || has(error, ReadTimeoutException.class)) {
      return call.failure(ErrorType.TIMEOUT, 0, "no complete answer within " + responseTimeout, null,
          Map.of(), null);
    }
    if (has(error, DataBufferLimitException.class)) {
      return call.failure(ErrorType.INVALID_RESPONSE, 0,
          "answer body larger than " + JsonHttpClient.MAX_BODY_BYTES + " bytes", null, Map.of(), null);
    }
    Throwable root = root(error);
    if (!has(error, IOException.class) && !has(error, ChannelException.class)) {
      // Not the network: a failure in this process (e.g. an unusable base URL); retrying will not help.
      return call.failure(ErrorType.UNAVAILABLE, 0, "call failed before reaching the provider ("
          + root.getClass().getSimpleName() + ")", null, Map.of(), error);
    }
    String what;
    if (has(error, ConnectTimeoutException.class)) {
      what = "connect timed out";
    } else if (has(error, PrematureCloseException.class)) {
      // Also a 200 whose body was cut short by a dropped connection: the answer is lost, a retry may get it.
      what = "connection closed before the answer was complete";
    } else {
      what = "connection failed";
    }
    // The cause chain names host and port at most: it never carries headers or the request body.
    return call.failure(ErrorType.CONNECTION, 0, what + " (" + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")", null, Map.of(), error);
  }

  private static boolean has(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable root(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
