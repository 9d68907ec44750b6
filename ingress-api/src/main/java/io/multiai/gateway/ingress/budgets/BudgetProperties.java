package io.multiai.gateway.ingress.budgets;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Budgets from configuration ({@code gateway.budgets} in {@code ingress-api.yml}, {@code AI_BUDGET_*} variables);
 * a client's budget lives in its key entry ({@code gateway.security.keys.<entry>.budget}). Admin changes at
 * runtime override these (see {@code /api/ai/admin/budgets}). Every default is a {@code DEFAULT_*} constant here.
 *
 * @param gateway the whole gateway's budget, or null for none
 * @param perUser every user's own budget (each hashed user id counted apart), or null for none
 * @param users budgets of particular users by hashed user id, overriding {@code perUser}
 * @param clients budgets by client id, for clients whose key entries hold none
 * @param maxOutputTokens the output limit the workers apply when a request sets none ({@code AI_MAX_OUTPUT_TOKENS},
 *     the same variable the workers read): the worst case is priced with it
 * @param ensembleJudgeModel the model of an ensemble's {@code best} judge, priced as one more call
 * @param ensembleSynthesizerModel the model of an ensemble's {@code synthesize} merger, priced as one more call
 * @param overridesRefresh how long an instance uses the runtime overrides it read before reading them again: an
 *     admin change reaches the other replicas within this time
 * @param keepAfterPeriod how long a period's counts stay in the ledger after it ends (analytics show the previous
 *     period; a late settlement still finds its reservation)
 */
@ConfigurationProperties("gateway.budgets")
public record BudgetProperties(Boolean enabled, Limit gateway, Limit perUser, Map<String, Limit> users, Map<String, Limit> clients,
    Integer maxOutputTokens, String ensembleJudgeModel, String ensembleSynthesizerModel, Duration overridesRefresh,
    Duration keepAfterPeriod) {

  public static final boolean DEFAULT_ENABLED = true;
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 1024;
  public static final String DEFAULT_ENSEMBLE_JUDGE_MODEL = "claude-sonnet-4-5";
  public static final Duration DEFAULT_OVERRIDES_REFRESH = Duration.ofSeconds(1);
  public static final Duration DEFAULT_KEEP_AFTER_PERIOD = Duration.ofDays(35);
  public static final BudgetPeriod DEFAULT_PERIOD = BudgetPeriod.DAILY;
  public static final BudgetAction DEFAULT_ACTION = BudgetAction.DENY;

  @ConstructorBinding
  public BudgetProperties {
    enabled = enabled == null ? DEFAULT_ENABLED : enabled;
    gateway = Limit.orNull(gateway);
    perUser = Limit.orNull(perUser);
    users = set(users);
    clients = set(clients);
    maxOutputTokens = maxOutputTokens == null ? DEFAULT_MAX_OUTPUT_TOKENS : maxOutputTokens;
    ensembleJudgeModel = ensembleJudgeModel == null || ensembleJudgeModel.isBlank() ? DEFAULT_ENSEMBLE_JUDGE_MODEL : ensembleJudgeModel;
    ensembleSynthesizerModel = ensembleSynthesizerModel == null || ensembleSynthesizerModel.isBlank() ? DEFAULT_ENSEMBLE_JUDGE_MODEL
        : ensembleSynthesizerModel;
    overridesRefresh = overridesRefresh == null ? DEFAULT_OVERRIDES_REFRESH : overridesRefresh;
    keepAfterPeriod = keepAfterPeriod == null ? DEFAULT_KEEP_AFTER_PERIOD : keepAfterPeriod;
    if (maxOutputTokens <= 0) {
      throw new IllegalArgumentException("gateway.budgets.max-output-tokens must be positive");
    }
  }

  /** No budgets: every request passes as before. */
  public static BudgetProperties none() {
    return new BudgetProperties(null, null, null, null, null, null, null, null, null, null);
  }

  private static Map<String, Limit> set(Map<String, Limit> limits) {
    Map<String, Limit> kept = new LinkedHashMap<>();
    if (limits != null) {
      limits.forEach((id, limit) -> {
        if (Limit.orNull(limit) != null) {
          kept.put(id, limit);
        }
      });
    }
    return Map.copyOf(kept);
  }

  /**
   * A limit as configured.
   *
   * @param period {@code daily} (default) or {@code monthly}
   * @param limitUsd USD per period; unset (an empty variable) means no budget
   * @param action {@code deny} (default) or {@code downgrade}
   */
  public record Limit(String period, Double limitUsd, String action) {

    @ConstructorBinding
    public Limit {
      if (limitUsd != null) {
        BudgetPeriod.parse(period == null || period.isBlank() ? DEFAULT_PERIOD.wireName() : period);
        BudgetAction.parse(action == null || action.isBlank() ? DEFAULT_ACTION.wireName() : action);
      }
    }

    static Limit orNull(Limit limit) {
      return limit == null || limit.limitUsd() == null ? null : limit;
    }

    public BudgetDefinition definition(BudgetId id, String source) {
      return new BudgetDefinition(id, period == null || period.isBlank() ? DEFAULT_PERIOD : BudgetPeriod.parse(period), limitUsd,
          action == null || action.isBlank() ? DEFAULT_ACTION : BudgetAction.parse(action), source);
    }
  }
}
