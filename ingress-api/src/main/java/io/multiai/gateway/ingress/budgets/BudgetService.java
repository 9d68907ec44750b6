package io.multiai.gateway.ingress.budgets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ModelSpec;
import io.multiai.gateway.common.catalog.ModelTier;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.WorstCaseCost;
import io.multiai.gateway.ingress.web.ClientBudget;
import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AlertState;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.EnsembleOptions;
import io.multiai.gateway.schemas.EnsembleStrategy;
import io.multiai.gateway.schemas.QueryRequest;
import reactor.core.publisher.Mono;

/**
 * Budgets at the edge: which budgets a request falls under (the gateway's, its client's, its user's), what it
 * may cost at worst, the reservation of that amount in all of them at once before the request is published, and
 * the settlement when its answer (or its end) comes. Refusals are {@link BudgetExceededException} (HTTP 402).
 *
 * <p>Exactness: the reservation is the request's worst case ({@link WorstCaseCost}, USD), written into the request
 * as {@code costCeilingUsd}; the workers never call a model whose worst case exceeds what is left of it. So the
 * sum of actual costs can not pass the reserved amount, and the reserved amounts can not pass a limit (the ledger
 * reserves atomically across replicas). Settlement counts the reply's actual cost; a request whose cost is unknown
 * (reply timeout, caller gone, unpriced model) is counted at its full reservation, never below.
 *
 * <p>Alerts at 50, 80 and 100 % of each budget go to {@code ai.alerts} (hence to the alert webhook) once per
 * budget and period across all replicas.
 */
public final class BudgetService {

  private static final Logger log = LoggerFactory.getLogger(BudgetService.class);
  private static final String ALERT_RULE_PREFIX = "budget:";

  private final BudgetProperties properties;
  private final BudgetLedger ledger;
  private final WorstCaseCost worstCase;
  private final ModelCatalog catalog;
  private final Clock clock;
  private final Consumer<Alert> alerts;
  private final java.util.function.Supplier<java.util.Collection<ClientIdentity>> keys;
  private final AtomicReference<Overrides> overrides = new AtomicReference<>(new Overrides(Map.of(), Long.MIN_VALUE));

  private record Overrides(Map<String, String> values, long readAtMs) {}

  /**
   * @param alerts where threshold alerts go (the ingress publishes them on {@code ai.alerts})
   */
  public BudgetService(BudgetProperties properties, BudgetLedger ledger, WorstCaseCost worstCase, ModelCatalog catalog, Clock clock,
      Consumer<Alert> alerts) {
    this(properties, ledger, worstCase, catalog, clock, alerts, java.util.List::of);
  }

  /** @param keys the current client identities, whose key entries may hold budgets (listed by {@link #definitions()}) */
  public BudgetService(BudgetProperties properties, BudgetLedger ledger, WorstCaseCost worstCase, ModelCatalog catalog, Clock clock,
      Consumer<Alert> alerts, java.util.function.Supplier<java.util.Collection<ClientIdentity>> keys) {
    this.keys = keys;
    this.properties = properties;
    this.ledger = ledger;
    this.worstCase = worstCase;
    this.catalog = catalog;
    this.clock = clock;
    this.alerts = alerts;
  }

  // --- definitions -------------------------------------------------------------------------------

  /** Every budget defined by configuration or at runtime, admin overrides applied (removed ones left out). */
  public Mono<List<BudgetDefinition>> definitions() {
    return currentOverrides().map(values -> {
      Map<String, BudgetDefinition> all = new LinkedHashMap<>();
      if (properties.gateway() != null) {
        all.put(BudgetId.GATEWAY.name(), properties.gateway().definition(BudgetId.GATEWAY, "config"));
      }
      properties.clients().forEach((id, limit) -> all.put(BudgetId.client(id).name(), limit.definition(BudgetId.client(id), "config")));
      for (ClientIdentity identity : keys.get()) {
        ClientBudget own = identity.budget();
        if (own != null) {
          BudgetId client = BudgetId.client(identity.clientId());
          all.put(client.name(), new BudgetDefinition(client, BudgetPeriod.parse(own.period()), own.limitUsd(),
              BudgetAction.parse(own.action()), "key"));
        }
      }
      properties.users().forEach((id, limit) -> all.put(BudgetId.user(id).name(), limit.definition(BudgetId.user(id), "config")));
      values.forEach((name, value) -> {
        if (BudgetLedger.REMOVED.equals(value)) {
          all.remove(name);
        } else {
          decode(name, value).ifPresent(definition -> all.put(name, definition));
        }
      });
      return List.copyOf(all.values());
    });
  }

  /** The budget every user has unless one of their own is set, or null. */
  public BudgetDefinition perUserDefault() {
    return properties.perUser() == null ? null : properties.perUser().definition(new BudgetId(BudgetScope.USER, "default"), "config");
  }

  /** Sets (or replaces) a budget at runtime, for every replica. */
  public Mono<BudgetDefinition> put(BudgetDefinition definition) {
    BudgetDefinition admin = new BudgetDefinition(definition.id(), definition.period(), definition.limitUsd(), definition.action(),
        "admin");
    return ledger.putOverride(admin.id().name(), encode(admin)).then(Mono.fromRunnable(this::forgetOverrides)).thenReturn(admin);
  }

  /** Removes a budget at runtime (one from configuration or a key entry too, until set again). */
  public Mono<Void> remove(BudgetId id) {
    return ledger.putOverride(id.name(), BudgetLedger.REMOVED).then(Mono.fromRunnable(this::forgetOverrides));
  }

  private void forgetOverrides() {
    overrides.set(new Overrides(overrides.get().values(), Long.MIN_VALUE));
  }

  private Mono<Map<String, String>> currentOverrides() {
    Overrides known = overrides.get();
    long now = clock.millis();
    // MIN_VALUE marks "never read" (or forgotten after a change): checked apart, as now - MIN_VALUE overflows.
    if (known.readAtMs() != Long.MIN_VALUE && now - known.readAtMs() < properties.overridesRefresh().toMillis()) {
      return Mono.just(known.values());
    }
    return ledger.overrides()
        .doOnNext(values -> overrides.set(new Overrides(Map.copyOf(values), now)))
        // A ledger that can not be read keeps the last overrides rather than failing requests.
        .onErrorResume(e -> {
          log.warn("budget overrides not read, using the last ones: {}", e.toString());
          return Mono.just(known.values());
        });
  }

  static String encode(BudgetDefinition definition) {
    return definition.period().wireName() + "|" + definition.limitUsd() + "|" + definition.action().wireName();
  }

  private static Optional<BudgetDefinition> decode(String name, String value) {
    try {
      String[] parts = value.split("\\|");
      return Optional.of(new BudgetDefinition(BudgetId.parse(name), BudgetPeriod.parse(parts[0]), Double.parseDouble(parts[1]),
          BudgetAction.parse(parts[2]), "admin"));
    } catch (RuntimeException e) {
      log.warn("budget override {} ignored: {}", name, e.toString());
      return Optional.empty();
    }
  }

  /** The budgets a request of this caller and user falls under: gateway, client, user (those defined). */
  public Mono<List<BudgetDefinition>> applicable(ClientIdentity caller, String userIdHash) {
    if (!properties.enabled()) {
      return Mono.just(List.of());
    }
    return currentOverrides().map(values -> {
      List<BudgetDefinition> found = new ArrayList<>();
      resolve(values, BudgetId.GATEWAY, properties.gateway() == null ? null : properties.gateway().definition(BudgetId.GATEWAY, "config"))
          .ifPresent(found::add);
      if (caller != null) {
        BudgetId client = BudgetId.client(caller.clientId());
        BudgetDefinition configured = null;
        ClientBudget own = caller.budget();
        if (own != null) {
          configured = new BudgetDefinition(client, BudgetPeriod.parse(own.period()), own.limitUsd(), BudgetAction.parse(own.action()), "key");
        } else if (properties.clients().containsKey(caller.clientId())) {
          configured = properties.clients().get(caller.clientId()).definition(client, "config");
        }
        resolve(values, client, configured).ifPresent(found::add);
      }
      if (userIdHash != null) {
        BudgetId user = BudgetId.user(userIdHash);
        BudgetProperties.Limit limit = properties.users().getOrDefault(userIdHash, properties.perUser());
        resolve(values, user, limit == null ? null : limit.definition(user, "config")).ifPresent(found::add);
      }
      return found;
    });
  }

  private static Optional<BudgetDefinition> resolve(Map<String, String> overrides, BudgetId id, BudgetDefinition configured) {
    String value = overrides.get(id.name());
    if (value == null) {
      return Optional.ofNullable(configured);
    }
    return BudgetLedger.REMOVED.equals(value) ? Optional.empty() : decode(id.name(), value);
  }

  // --- reservation -------------------------------------------------------------------------------

  /**
   * Reserves the request's worst-case cost in every budget it falls under, or refuses it. The reservation's
   * {@link Reservation#request()} is what to publish: with {@code costCeilingUsd} set, and for a downgrade pinned to
   * the cheapest capable model. Without budgets the request passes unchanged.
   *
   * @throws BudgetExceededException (as the Mono's error) when a budget can not take the request
   */
  public Mono<Reservation> reserve(ClientIdentity caller, QueryRequest request) {
    return applicable(caller, request.getUserIdHash()).flatMap(budgets -> {
      if (budgets.isEmpty()) {
        return Mono.just(Reservation.none(request));
      }
      Instant now = clock.instant();
      List<BudgetLedger.Entry> entries = budgets.stream().map(b -> entry(b, now)).toList();
      Priced priced = price(request);
      boolean anyDeny = budgets.stream().anyMatch(b -> b.action() == BudgetAction.DENY);
      if (priced.usd().isEmpty()) {
        if (anyDeny || request.getEnsemble() != null) {
          BudgetDefinition deny = budgets.stream().filter(b -> b.action() == BudgetAction.DENY).findFirst().orElse(budgets.get(0));
          return Mono.error(BudgetExceededException.unpriced(deny, now, priced.unpricedModel()));
        }
        return downgrade(request, budgets, entries, 0, now);
      }
      long amount = Nanos.ceil(priced.usd().get());
      return ledger.reserve(entries, amount).flatMap(result -> {
        if (result.reserved()) {
          return Mono.just(new Reservation(this, withCeiling(request, amount), entries, budgets, amount));
        }
        BudgetDefinition refusing = budgets.get(result.refused());
        if (result.exhausted()) {
          refusalAlert(refusing, entries.get(result.refused()), result.usage(), amount, now);
        }
        if (refusing.action() == BudgetAction.DOWNGRADE && request.getEnsemble() == null) {
          return downgrade(request, budgets, entries, result.refused(), now);
        }
        return Mono.error(BudgetExceededException.of(refusing, now, result.usage(), amount));
      });
    });
  }

  /** Priced at the cheapest capable model instead, pinned to it; a 402 naming the refusing budget when even that does not fit. */
  private Mono<Reservation> downgrade(QueryRequest request, List<BudgetDefinition> budgets, List<BudgetLedger.Entry> entries,
      int refusedIndex, Instant now) {
    Optional<Cheapest> cheapest = cheapestCapable(request);
    if (cheapest.isEmpty()) {
      return Mono.error(BudgetExceededException.of(budgets.get(refusedIndex), now, BudgetLedger.Usage.NONE, 0));
    }
    long amount = Nanos.ceil(cheapest.get().usd());
    return ledger.reserve(entries, amount).flatMap(result -> {
      if (result.reserved()) {
        QueryRequest pinned = QueryRequest.newBuilder(request)
            .setModel(cheapest.get().model())
            .setProvider(null)
            .setFallback(false)
            .setCostPriority(CostPriority.CHEAP)
            .setCostCeilingUsd(Nanos.usd(amount))
            .build();
        return Mono.just(new Reservation(this, pinned, entries, budgets, amount).downgradedTo(cheapest.get().model()));
      }
      BudgetDefinition refusing = budgets.get(result.refused());
      if (result.exhausted()) {
        refusalAlert(refusing, entries.get(result.refused()), result.usage(), amount, now);
      }
      return Mono.error(BudgetExceededException.of(refusing, now, result.usage(), amount));
    });
  }

  private static QueryRequest withCeiling(QueryRequest request, long amountNanos) {
    return QueryRequest.newBuilder(request).setCostCeilingUsd(Nanos.usd(amountNanos)).build();
  }

  /**
   * Refuses (as the Mono's error) when a {@code deny} budget of this caller and user has nothing left: the check a
   * batch submission gets (its items are not reserved one by one).
   */
  public Mono<Void> refuseIfExhausted(ClientIdentity caller, String userIdHash) {
    return applicable(caller, userIdHash).flatMap(budgets -> {
      List<BudgetDefinition> deny = budgets.stream().filter(b -> b.action() == BudgetAction.DENY).toList();
      if (deny.isEmpty()) {
        return Mono.<Void>empty();
      }
      Instant now = clock.instant();
      List<BudgetLedger.Entry> entries = deny.stream().map(b -> entry(b, now)).toList();
      return ledger.usage(entries).flatMap(usages -> {
        for (int i = 0; i < deny.size(); i++) {
          BudgetLedger.Usage usage = usages.get(i);
          if (usage.spentNanos() + usage.reservedNanos() >= entries.get(i).limitNanos()) {
            return Mono.<Void>error(BudgetExceededException.of(deny.get(i), now, usage, 0));
          }
        }
        return Mono.<Void>empty();
      });
    });
  }

  // --- settlement --------------------------------------------------------------------------------

  /** Moves a reservation to spent at {@code actualNanos} (at most what was reserved is released) and raises alerts. */
  Mono<Void> settle(Reservation reservation, long actualNanos) {
    Instant now = clock.instant();
    return ledger.settle(reservation.entries(), reservation.amountNanos(), actualNanos)
        .doOnNext(crossings -> crossings.forEach(c -> alert(reservation.budgets().get(c.entry()), reservation.entries().get(c.entry()),
            c.percent(), c.spentNanos(), now)))
        .then()
        // The reservation then stays reserved until its period ends: over-counted, never under.
        .onErrorResume(e -> {
          log.warn("budget settlement failed, the reservation stays counted: {}", e.toString());
          return Mono.empty();
        });
  }

  private void alert(BudgetDefinition budget, BudgetLedger.Entry entry, int percent, long spentNanos, Instant now) {
    alert(budget, entry, percent, "budget_spent_usd", spentNanos, now);
  }

  /**
   * The 100 % alert of a refusal with room left: what the budget would have needed (spent, reserved and this
   * request's worst case) passed its limit, so the alert's value says that, not the spend alone.
   */
  private void refusalAlert(BudgetDefinition budget, BudgetLedger.Entry entry, BudgetLedger.Usage usage, long requiredNanos, Instant now) {
    alert(budget, entry, 100, "budget_needed_usd", usage.spentNanos() + usage.reservedNanos() + requiredNanos, now);
  }

  private void alert(BudgetDefinition budget, BudgetLedger.Entry entry, int percent, String metric, long valueNanos, Instant now) {
    Alert alert = Alert.newBuilder()
        .setRule(ALERT_RULE_PREFIX + budget.id().name() + ":" + budget.period().wireName() + ":" + percent + "%")
        .setState(AlertState.FIRING)
        .setMetric(metric)
        .setComparison("greater_than")
        .setValue(Nanos.usd(valueNanos))
        .setThreshold(Nanos.usd(entry.limitNanos()) * percent / 100.0)
        .setWindowMs(Duration.between(budget.period().start(now), budget.period().end(now)).toMillis())
        .setSamples(0)
        .setModel("*")
        .setSeverity(percent >= 100 ? "critical" : "warning")
        .setAction(percent >= 100 ? (budget.action() == BudgetAction.DENY ? "budget_denying" : "budget_downgrading") : "notify_admin")
        .setTimestampMs(now.toEpochMilli())
        .build();
    try {
      alerts.accept(alert);
    } catch (RuntimeException e) {
      log.warn("budget alert {} not published: {}", alert.getRule(), e.toString());
    }
  }

  /**
   * When a budget alert stops being active: the end of the period it fired in (the budget resets then), or empty
   * for any other alert. Budget alerts are never RESOLVED on the topic; readers of {@code ai.alerts} drop them
   * from the active ones at this instant. Parses the rule this class writes: {@code budget:<id>:<period>:<n>%}.
   */
  public static Optional<Instant> alertActiveUntil(Alert alert) {
    String rule = alert.getRule();
    if (rule == null || !rule.startsWith(ALERT_RULE_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = rule.split(":");
    try {
      return Optional.of(BudgetPeriod.parse(parts[parts.length - 2]).end(Instant.ofEpochMilli(alert.getTimestampMs())));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  BudgetLedger.Entry entry(BudgetDefinition budget, Instant now) {
    return new BudgetLedger.Entry(budget.id().name(), budget.period().label(now), budget.limitNanos(),
        budget.period().end(now).plus(properties.keepAfterPeriod()));
  }

  // --- pricing -----------------------------------------------------------------------------------

  /**
   * The request's worst case in USD: the priciest model it may be routed to (a pinned model; else every model the
   * catalog configures, the router's candidates); an ensemble's sum over its members plus the judge or merger call.
   * Empty with the model when one that must be called has no price.
   */
  record Priced(Optional<Double> usd, String unpricedModel) {}

  Priced price(QueryRequest request) {
    long input = WorstCaseCost.inputTokensAtMost(request);
    if (request.getEnsemble() != null) {
      return priceEnsemble(request, request.getEnsemble());
    }
    long output = WorstCaseCost.outputTokensAtMost(request, properties.maxOutputTokens());
    Set<String> candidates = new LinkedHashSet<>();
    boolean pinned = request.getModel() != null;
    if (pinned) {
      candidates.add(request.getModel());
    }
    if (!pinned || Boolean.TRUE.equals(request.getFallback())) {
      Optional<ProviderId> provider = request.getProvider() == null ? Optional.empty() : ProviderId.fromWireName(request.getProvider());
      boolean onlyProvider = provider.isPresent() && Boolean.FALSE.equals(request.getFallback());
      catalog.all().stream()
          .filter(m -> !onlyProvider || m.provider() == provider.get())
          .map(ModelSpec::id)
          .forEach(candidates::add);
    }
    double worst = 0;
    String unpriced = null;
    for (String model : candidates) {
      Optional<Double> usd = worstCase.usd(model, input, output);
      if (usd.isEmpty()) {
        // A pinned model must be priced; an unpriced catalog model is simply never called within a ceiling.
        if (model.equals(request.getModel())) {
          return new Priced(Optional.empty(), model);
        }
        unpriced = model;
        continue;
      }
      worst = Math.max(worst, usd.get());
    }
    return worst > 0 ? new Priced(Optional.of(worst), null) : new Priced(Optional.empty(), unpriced);
  }

  private Priced priceEnsemble(QueryRequest request, EnsembleOptions options) {
    List<String> members = options.getModels().isEmpty()
        ? catalog.all().stream().filter(m -> m.tier() == ModelTier.STRONG).map(ModelSpec::id).toList()
        : options.getModels();
    String judge = switch (options.getStrategy()) {
      case BEST -> properties.ensembleJudgeModel();
      case SYNTHESIZE -> properties.ensembleSynthesizerModel();
      default -> null;
    };
    Optional<Double> usd = worstCase.ensembleUsd(members, judge, request, properties.maxOutputTokens());
    if (usd.isEmpty()) {
      String unpriced = members.stream().filter(m -> worstCase.usd(m, 1, 1).isEmpty()).findFirst().orElse(judge);
      return new Priced(Optional.empty(), unpriced);
    }
    return new Priced(usd, null);
  }

  private record Cheapest(String model, double usd) {}

  /** The priced catalog model with the lowest worst case whose context window (where known) holds the request. */
  private Optional<Cheapest> cheapestCapable(QueryRequest request) {
    long input = WorstCaseCost.inputTokensAtMost(request);
    long output = WorstCaseCost.outputTokensAtMost(request, properties.maxOutputTokens());
    return catalog.all().stream()
        .filter(m -> catalog.contextWindow(m.id()).orElse(Long.MAX_VALUE) >= input + output)
        .flatMap(m -> worstCase.usd(m.id(), input, output).map(usd -> new Cheapest(m.id(), usd)).stream())
        .min(Comparator.comparingDouble(Cheapest::usd));
  }

  // --- reading -----------------------------------------------------------------------------------

  /**
   * Each budget's state in its current period, for status and analytics: {@code budget}, {@code scope}, {@code id},
   * {@code period}, {@code periodLabel}, {@code action}, {@code limitUsd}, {@code spentUsd}, {@code reservedUsd},
   * {@code remainingUsd}, {@code resetsAt} (ISO-8601 UTC), {@code source}.
   */
  public Mono<List<Map<String, Object>>> describe(List<BudgetDefinition> budgets) {
    Instant now = clock.instant();
    List<BudgetLedger.Entry> entries = budgets.stream().map(b -> entry(b, now)).toList();
    return (entries.isEmpty() ? Mono.just(List.<BudgetLedger.Usage>of()) : ledger.usage(entries)).map(usages -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (int i = 0; i < budgets.size(); i++) {
        out.add(describe(budgets.get(i), usages.get(i), now));
      }
      return out;
    });
  }

  static Map<String, Object> describe(BudgetDefinition budget, BudgetLedger.Usage usage, Instant now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("budget", budget.id().name());
    body.put("scope", budget.id().scope().wireName());
    body.put("id", budget.id().id());
    body.put("period", budget.period().wireName());
    body.put("periodLabel", budget.period().label(now));
    body.put("action", budget.action().wireName());
    body.put("limitUsd", budget.limitUsd());
    body.put("spentUsd", Nanos.usd(usage.spentNanos()));
    body.put("reservedUsd", Nanos.usd(usage.reservedNanos()));
    body.put("remainingUsd", Math.max(0, Nanos.usd(budget.limitNanos() - usage.spentNanos() - usage.reservedNanos())));
    body.put("resetsAt", budget.period().end(now).toString());
    body.put("source", budget.source());
    return body;
  }

  /** The budgets the caller may see on the status page: its client's, and every budget for an admin. */
  public Mono<List<Map<String, Object>>> statusOf(ClientIdentity caller) {
    return statusOf(caller, false);
  }

  /** @param everyCaller every caller sees what an admin sees (authentication is off: the local stack) */
  public Mono<List<Map<String, Object>>> statusOf(ClientIdentity caller, boolean everyCaller) {
    if (!properties.enabled()) {
      return Mono.just(List.of());
    }
    if (everyCaller || caller != null && caller.isAdmin()) {
      return definitions().flatMap(this::describe);
    }
    return applicable(caller, null)
        .map(all -> all.stream().filter(b -> b.id().scope() == BudgetScope.CLIENT).toList())
        .flatMap(this::describe);
  }

  /**
   * Spend per budget: the current period of every defined budget, and every budget and period still in the ledger
   * (per-user budgets included, previous periods until {@code keepAfterPeriod} after their end).
   */
  public Mono<Map<String, Object>> analytics() {
    return definitions().flatMap(this::describe).zipWith(ledger.all()).map(both -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("budgets", both.getT1());
      List<Map<String, Object>> ledgerRows = new ArrayList<>();
      both.getT2().forEach((budget, periods) -> periods.forEach((period, usage) -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("budget", budget);
        row.put("periodLabel", period);
        row.put("spentUsd", Nanos.usd(usage.spentNanos()));
        row.put("reservedUsd", Nanos.usd(usage.reservedNanos()));
        ledgerRows.add(row);
      }));
      ledgerRows.sort(Comparator.<Map<String, Object>, String>comparing(r -> (String) r.get("budget"))
          .thenComparing(r -> (String) r.get("periodLabel")));
      body.put("spendByBudgetAndPeriod", ledgerRows);
      return body;
    });
  }
}
