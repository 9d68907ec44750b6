package io.multiai.gateway.ingress.budgets.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.multiai.gateway.common.testing.RedisServer;
import io.multiai.gateway.ingress.budgets.BudgetLedger;

/**
 * The ledger contract against a real redis-server, two connections playing two ingress replicas. Skipped when no
 * redis-server is installed.
 */
class RedisBudgetLedgerTest extends BudgetLedgerContract {

  private static RedisServer redis;
  private static RedisClient client;
  private static StatefulRedisConnection<byte[], byte[]> first;
  private static StatefulRedisConnection<byte[], byte[]> second;
  private static RedisBudgetLedger ledger;
  private static RedisBudgetLedger replica;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.startOrSkip();
    client = RedisClient.create(redis.url());
    first = client.connect(ByteArrayCodec.INSTANCE);
    second = client.connect(ByteArrayCodec.INSTANCE);
    ledger = new RedisBudgetLedger(first);
    replica = new RedisBudgetLedger(second);
  }

  @AfterAll
  static void stopRedis() {
    if (first != null) {
      first.close();
      second.close();
      client.shutdown();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  BudgetLedger ledger() {
    return ledger;
  }

  @Override
  BudgetLedger anotherReplica() {
    return replica;
  }
}
