package io.multiai.gateway.ingress.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * The instance's Redis connection, when one is configured. One Lettuce connection serves the whole
 * instance: Lettuce multiplexes every command over it without blocking, which is what an event-loop
 * server wants. Connected at start-up, so a wrong URL stops the start instead of failing requests.
 */
public final class RedisConnections implements AutoCloseable {

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
    this.connection = client.connect(ByteArrayCodec.INSTANCE);
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
