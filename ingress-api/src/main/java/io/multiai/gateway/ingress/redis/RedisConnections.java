package io.multiai.gateway.ingress.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * The instance's Redis connection, when one is configured. One Lettuce connection serves the whole
 * instance: Lettuce multiplexes every command over it without blocking, which is what an event-loop
 * server wants. Connected at start-up, so a wrong URL stops the start instead of failing requests;
 * a Redis that is slow to answer while a whole fleet starts on the same cores (seen: the 2 s
 * connection timeout passed on a 2-core machine starting nine processes) is tried again for up to
 * {@value #CONNECT_FOR_SECONDS} s first.
 */
public final class RedisConnections implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);
  static final long CONNECT_FOR_SECONDS = 30;

  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;

  public RedisConnections(RedisProperties properties) {
    if (!properties.configured()) {
      this.client = null;
      this.connection = null;
      return;
    }
    RedisURI uri = RedisURI.create(properties.url());
    uri.setTimeout(properties.timeout());
    this.client = RedisClient.create(uri);
    this.connection = connect(client, uri);
  }

  private static StatefulRedisConnection<byte[], byte[]> connect(RedisClient client, RedisURI uri) {
    long giveUpAt = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(CONNECT_FOR_SECONDS);
    while (true) {
      try {
        return client.connect(ByteArrayCodec.INSTANCE);
      } catch (RedisConnectionException e) {
        if (System.nanoTime() > giveUpAt) {
          client.shutdown();
          throw e;
        }
        log.warn("Redis at {}:{} not reachable yet ({}); trying again", uri.getHost(), uri.getPort(), e.getMessage());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          client.shutdown();
          throw e;
        }
      }
    }
  }

  public boolean configured() {
    return connection != null;
  }

  /** @throws IllegalStateException when no Redis is configured */
  public StatefulRedisConnection<byte[], byte[]> connection() {
    if (connection == null) {
      throw new IllegalStateException("gateway.redis.url is not set");
    }
    return connection;
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
      client.shutdown();
    }
  }
}
