package io.multiai.gateway.ingress.budgets;

/**
 * One budget's identity: {@code gateway}, {@code client:<client id>} or {@code user:<hashed user id>}
 * ({@link #name()}). A user is always named by the keyed hash the edge computes, never by the id itself.
 *
 * @param id the client id or hashed user id; {@code *} for the gateway
 */
public record BudgetId(BudgetScope scope, String id) {

  public static final BudgetId GATEWAY = new BudgetId(BudgetScope.GATEWAY, "*");

  public BudgetId {
    if (scope == BudgetScope.GATEWAY) {
      id = "*";
    } else if (id == null || id.isBlank() || id.length() > 200 || !id.matches("[A-Za-z0-9._@:+/=-]+")) {
      throw new IllegalArgumentException("a " + scope.wireName() + " budget needs an id of letters, digits and ._@:+/=- (at most 200)");
    }
  }

  public static BudgetId client(String clientId) {
    return new BudgetId(BudgetScope.CLIENT, clientId);
  }

  public static BudgetId user(String userIdHash) {
    return new BudgetId(BudgetScope.USER, userIdHash);
  }

  /** {@code gateway}, {@code client:acme}, {@code user:9f86…}: in ledger keys, alerts, audit and answers. */
  public String name() {
    return scope == BudgetScope.GATEWAY ? "gateway" : scope.wireName() + ":" + id;
  }

  /** The inverse of {@link #name()}. */
  public static BudgetId parse(String name) {
    if ("gateway".equals(name)) {
      return GATEWAY;
    }
    int colon = name.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("a budget is named gateway, client:<id> or user:<hash>");
    }
    return new BudgetId(BudgetScope.parse(name.substring(0, colon)), name.substring(colon + 1));
  }
}
