package io.multiai.gateway.ingress.budgets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.multiai.gateway.ingress.budgets.BudgetLedger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger in Redis, shared by every ingress replica: reserve and settle are one Lua script each (see the
 * package doc for why), sent on the instance's one multiplexed Lettuce connection.
 *
 * <p>Keys: {@code budget:{budget}:<budget name>:<period label>} (a hash: {@code spent}, {@code reserved},
 * {@code alert50/80/100}), expiring a while after the period's end; runtime overrides in the hash
 * {@code budget:{budget}:overrides}.
 */
public final class RedisBudgetLedger implements BudgetLedger {

  static final String PREFIX = "budget:{budget}:";
  static final String OVERRIDES = PREFIX + "overrides";

  private final RedisReactiveCommands<byte[], byte[]> redis;
  private final byte[] reserveScript;
  private final byte[] settleScript;

  public RedisBudgetLedger(StatefulRedisConnection<byte[], byte[]> connection) {
    this.redis = connection.reactive();
    this.reserveScript = script("reserve.lua");
    this.settleScript = script("settle.lua");
  }

  private static byte[] script(String name) {
    try (InputStream in = RedisBudgetLedger.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] key(Entry entry) {
    return bytes(PREFIX + entry.budget() + ":" + entry.period());
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(long value) {
    return bytes(Long.toString(value));
  }

  private static byte[][] keys(List<Entry> entries) {
    return entries.stream().map(RedisBudgetLedger::key).toArray(byte[][]::new);
  }

  @Override
  public Mono<Reservation> reserve(List<Entry> entries, long amountNanos) {
    List<byte[]> args = new ArrayList<>();
    args.add(bytes(amountNanos));
    entries.forEach(e -> args.add(bytes(e.limitNanos())));
    entries.forEach(e -> args.add(bytes(e.expiresAt().getEpochSecond())));
    return redis.<List<Object>>eval(reserveScript, ScriptOutputType.MULTI, keys(entries), args.toArray(byte[][]::new))
        .next()
        .map(reply -> {
          long refused = (Long) reply.get(0);
          if (refused == 0) {
            return new Reservation(-1, null, false);
          }
          return new Reservation((int) refused - 1, new Usage((Long) reply.get(1), (Long) reply.get(2)), (Long) reply.get(3) == 1);
        });
  }

  @Override
  public Mono<List<Crossing>> settle(List<Entry> entries, long reservedNanos, long actualNanos) {
    List<byte[]> args = new ArrayList<>();
    args.add(bytes(-reservedNanos));
    args.add(bytes(actualNanos));
    entries.forEach(e -> args.add(bytes(e.limitNanos())));
    entries.forEach(e -> args.add(bytes(e.expiresAt().getEpochSecond())));
    return redis.<List<Object>>eval(settleScript, ScriptOutputType.MULTI, keys(entries), args.toArray(byte[][]::new))
        .next()
        .defaultIfEmpty(List.of())
        .map(reply -> {
          List<Crossing> crossed = new ArrayList<>();
          for (int i = 0; i + 2 < reply.size(); i += 3) {
            crossed.add(new Crossing((int) (long) (Long) reply.get(i) - 1, (int) (long) (Long) reply.get(i + 1), (Long) reply.get(i + 2)));
          }
          return crossed;
        });
  }

  @Override
  public Mono<List<Usage>> usage(List<Entry> entries) {
    return Flux.fromIterable(entries)
        .concatMap(entry -> redis.hmget(key(entry), bytes("spent"), bytes("reserved")).collectList()
            .map(values -> new Usage(number(values.get(0).getValueOrElse(null)), number(values.get(1).getValueOrElse(null)))))
        .collectList();
  }

  @Override
  public Mono<Map<String, Map<String, Usage>>> all() {
    return ScanStream.scan(redis, ScanArgs.Builder.matches(PREFIX + "*").limit(500))
        .map(key -> new String(key, StandardCharsets.UTF_8))
        .filter(key -> !key.equals(OVERRIDES))
        .concatMap(key -> redis.hmget(bytes(key), bytes("spent"), bytes("reserved")).collectList()
            .map(values -> Map.entry(key.substring(PREFIX.length()),
                new Usage(number(values.get(0).getValueOrElse(null)), number(values.get(1).getValueOrElse(null))))))
        .collectList()
        .map(rows -> {
          Map<String, Map<String, Usage>> all = new TreeMap<>();
          for (Map.Entry<String, Usage> row : rows) {
            int split = row.getKey().lastIndexOf(':');
            all.computeIfAbsent(row.getKey().substring(0, split), k -> new TreeMap<>()).put(row.getKey().substring(split + 1), row.getValue());
          }
          return all;
        });
  }

  @Override
  public Mono<Map<String, String>> overrides() {
    return redis.hgetall(bytes(OVERRIDES))
        .collectMap(kv -> new String(kv.getKey(), StandardCharsets.UTF_8), kv -> new String(kv.getValue(), StandardCharsets.UTF_8))
        .map(Map::copyOf);
  }

  @Override
  public Mono<Void> putOverride(String budget, String value) {
    return redis.hset(bytes(OVERRIDES), bytes(budget), bytes(value)).then();
  }

  private static long number(byte[] value) {
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
  }
}
