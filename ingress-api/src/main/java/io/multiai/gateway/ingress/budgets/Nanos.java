package io.multiai.gateway.ingress.budgets;

/**
 * The ledger counts nano-USD in integers: sums across replicas and Lua scripts stay exact, and a
 * nano-dollar is far below any token's price (a million gpt-5-nano input tokens cost $0.05).
 */
public final class Nanos {

  public static final double PER_USD = 1e9;

  private Nanos() {}

  /** Rounded up: a reservation or a spend is never counted below what it is. */
  public static long ceil(double usd) {
    return (long) Math.ceil(usd * PER_USD - 1e-6);
  }

  /** Rounded down: a limit is never counted above what it is. */
  public static long floor(double usd) {
    return (long) Math.floor(usd * PER_USD + 1e-6);
  }

  public static double usd(long nanos) {
    return nanos / PER_USD;
  }
}
