package io.multiai.gateway.ingress.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.multiai.gateway.common.privacy.RecordCipher;
import io.multiai.gateway.schemas.AvroSerde;
import io.multiai.gateway.schemas.QueryResponse;
import reactor.core.publisher.Mono;

/**
 * Shared by every replica through Redis (Lettuce's reactive API: no thread waits), values in the
 * same Avro encoding as the reply topic, sealed with the record keys ({@link SealedValues}), expiring
 * after the TTL. Redis trouble, or a value that does not open (a removed key), is a miss, not an error.
 */
public final class RedisResponseCache implements ResponseCache {

  private static final Logger log = LoggerFactory.getLogger(RedisResponseCache.class);

  private final RedisReactiveCommands<byte[], byte[]> redis;
  private final AvroSerde<QueryResponse> serde = AvroSerde.of(QueryResponse.class);
  private final SealedValues sealed;
  private final SetArgs expiry;

  public RedisResponseCache(StatefulRedisConnection<byte[], byte[]> connection, RecordCipher cipher, Duration ttl) {
    this.redis = connection.reactive();
    this.sealed = new SealedValues(cipher);
    this.expiry = SetArgs.Builder.px(ttl.toMillis());
  }

  @Override
  public Mono<QueryResponse> get(String key) {
    return redis.get(bytes(key))
        .map(value -> serde.decode(sealed.open(value)))
        .onErrorResume(e -> {
          log.debug("response cache read failed: {}", e.toString());
          return Mono.empty();
        });
  }

  @Override
  public void put(String key, QueryResponse reply) {
    redis.set(bytes(key), sealed.seal(serde.encode(reply)), expiry)
        .subscribe(ok -> { }, e -> log.debug("response cache write failed: {}", e.toString()));
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
