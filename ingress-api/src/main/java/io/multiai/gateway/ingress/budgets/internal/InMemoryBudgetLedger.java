package io.multiai.gateway.ingress.budgets.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.multiai.gateway.ingress.budgets.BudgetLedger;
import reactor.core.publisher.Mono;

/**
 * The ledger of a single ingress (no {@code AI_REDIS_URL}): one lock around all counts, which is exact within the
 * instance. Several instances without Redis each hold their own ledger, so a budget is then per instance.
 */
public final class InMemoryBudgetLedger implements BudgetLedger {

  private static final class Counts {
    long spent;
    long reserved;
    long expiresAtMs;
    final Set<Integer> alerted = new HashSet<>();
  }

  private final Clock clock;
  private final Map<String, Counts> counts = new HashMap<>();
  private final Map<String, String> overrides = new LinkedHashMap<>();

  public InMemoryBudgetLedger(Clock clock) {
    this.clock = clock;
  }

  private static String key(Entry entry) {
    return entry.budget() + "\n" + entry.period();
  }

  private Counts counts(Entry entry) {
    Counts found = counts.computeIfAbsent(key(entry), k -> new Counts());
    found.expiresAtMs = Math.max(found.expiresAtMs, entry.expiresAt().toEpochMilli());
    return found;
  }

  private void forgetExpired() {
    long now = clock.millis();
    counts.values().removeIf(c -> c.expiresAtMs <= now);
  }

  @Override
  public Mono<Reservation> reserve(List<Entry> entries, long amountNanos) {
    return Mono.fromSupplier(() -> {
      synchronized (this) {
        forgetExpired();
        for (int i = 0; i < entries.size(); i++) {
          Counts c = counts(entries.get(i));
          long limit = entries.get(i).limitNanos();
          if (c.spent + c.reserved + amountNanos > limit) {
            boolean exhausted = c.spent + amountNanos > limit && c.alerted.add(100);
            return new Reservation(i, new Usage(c.spent, c.reserved), exhausted);
          }
        }
        for (Entry entry : entries) {
          counts(entry).reserved += amountNanos;
        }
        return new Reservation(-1, null, false);
      }
    });
  }

  @Override
  public Mono<List<Crossing>> settle(List<Entry> entries, long reservedNanos, long actualNanos) {
    return Mono.fromSupplier(() -> {
      synchronized (this) {
        List<Crossing> crossed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
          Counts c = counts(entries.get(i));
          c.reserved = Math.max(0, c.reserved - reservedNanos);
          c.spent += actualNanos;
          for (int percent : THRESHOLDS) {
            if (c.spent * 100 >= entries.get(i).limitNanos() * percent && c.alerted.add(percent)) {
              crossed.add(new Crossing(i, percent, c.spent));
            }
          }
        }
        return crossed;
      }
    });
  }

  @Override
  public Mono<List<Usage>> usage(List<Entry> entries) {
    return Mono.fromSupplier(() -> {
      synchronized (this) {
        forgetExpired();
        return entries.stream().map(e -> {
          Counts c = counts.get(key(e));
          return c == null ? Usage.NONE : new Usage(c.spent, c.reserved);
        }).toList();
      }
    });
  }

  @Override
  public Mono<Map<String, Map<String, Usage>>> all() {
    return Mono.fromSupplier(() -> {
      synchronized (this) {
        forgetExpired();
        Map<String, Map<String, Usage>> all = new TreeMap<>();
        counts.forEach((key, c) -> {
          int split = key.indexOf('\n');
          all.computeIfAbsent(key.substring(0, split), k -> new TreeMap<>()).put(key.substring(split + 1), new Usage(c.spent, c.reserved));
        });
        return all;
      }
    });
  }

  @Override
  public Mono<Map<String, String>> overrides() {
    return Mono.fromSupplier(() -> {
      synchronized (this) {
        return Map.copyOf(overrides);
      }
    });
  }

  @Override
  public Mono<Void> putOverride(String budget, String value) {
    return Mono.fromRunnable(() -> {
      synchronized (this) {
        overrides.put(budget, value);
      }
    });
  }
}
