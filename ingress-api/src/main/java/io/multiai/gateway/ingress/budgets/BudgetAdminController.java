package io.multiai.gateway.ingress.budgets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.ingress.audit.AuditAction;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.ingress.problem.RequestFields;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/ai/admin/budgets} (admin keys only, by its path; see EndpointRules): list every budget with its
 * current period's counts, set one ({@code PUT} or {@code POST} {@code {"scope": "gateway"|"client"|"user", "id":
 * "<client id or hashed user id>", "userId": "<raw user id, hashed here>", "period": "daily"|"monthly",
 * "limitUsd": 1.0, "action": "deny"|"downgrade"}}), remove one ({@code DELETE /api/ai/admin/budgets/<budget>}, e.g.
 * {@code client:acme}). Changes reach every replica within {@code gateway.budgets.overrides-refresh} (1 s) and each
 * is written to the audit log ({@code budget.set}, {@code budget.delete}) before it is answered. Invalid bodies get
 * 400 problem details.
 */
@RestController
class BudgetAdminController {

  private static final Set<String> FIELDS = Set.of("scope", "id", "userId", "period", "limitUsd", "action");

  private final BudgetService budgets;
  private final AuditLog audit;
  private final UserIdHasher userIds;
  private final JsonMapper json;

  BudgetAdminController(BudgetService budgets, AuditLog audit, UserIdHasher userIds, JsonMapper json) {
    this.budgets = budgets;
    this.audit = audit;
    this.userIds = userIds;
    this.json = json;
  }

  @GetMapping(path = "/api/ai/admin/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> list() {
    return budgets.definitions().flatMap(budgets::describe).map(described -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("budgets", described);
      BudgetDefinition perUser = budgets.perUserDefault();
      body.put("perUser", perUser == null ? null : Map.of("period", perUser.period().wireName(), "limitUsd", perUser.limitUsd(),
          "action", perUser.action().wireName()));
      return body;
    });
  }

  @PutMapping(path = "/api/ai/admin/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> put(@RequestBody(required = false) Mono<byte[]> body, ServerWebExchange exchange) {
    return body.defaultIfEmpty(new byte[0]).map(this::parse)
        .flatMap(budgets::put)
        .flatMap(set -> budgets.describe(List.of(set)))
        .map(described -> {
          audit.record(exchange, AuditAction.BUDGET_SET, (String) described.get(0).get("budget") + " " + described.get(0).get("period")
              + " $" + described.get(0).get("limitUsd") + " " + described.get(0).get("action"), "success");
          return described.get(0);
        });
  }

  @PostMapping(path = "/api/ai/admin/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> post(@RequestBody(required = false) Mono<byte[]> body, ServerWebExchange exchange) {
    return put(body, exchange);
  }

  @DeleteMapping("/api/ai/admin/budgets/{budget}")
  Mono<ResponseEntity<Void>> delete(@PathVariable String budget, ServerWebExchange exchange) {
    BudgetId id;
    try {
      id = BudgetId.parse(budget.strip());
    } catch (IllegalArgumentException e) {
      return Mono.error(new InvalidRequestException("budget", e.getMessage()));
    }
    return budgets.remove(id)
        .doOnSuccess(ok -> audit.record(exchange, AuditAction.BUDGET_DELETE, id.name(), "success"))
        .thenReturn(ResponseEntity.noContent().build());
  }

  BudgetDefinition parse(byte[] body) {
    JsonNode root;
    try {
      root = body.length == 0 ? null : json.readTree(body);
    } catch (JacksonException e) {
      throw new InvalidRequestException(null, "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException(null, "the body must be a JSON object {scope, id, period, limitUsd, action}");
    }
    for (String name : root.propertyNames()) {
      if (!FIELDS.contains(name)) {
        throw new InvalidRequestException(name, "unknown field '" + name + "'; allowed: " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    try {
      BudgetScope scope = BudgetScope.parse(RequestFields.optionalText(root, "scope"));
      String id = RequestFields.optionalText(root, "id");
      String userId = RequestFields.optionalText(root, "userId");
      if (scope == BudgetScope.USER && userId != null) {
        id = userIds.hash(userId);
      }
      JsonNode limit = root.get("limitUsd");
      if (limit == null || !limit.isNumber()) {
        throw new InvalidRequestException("limitUsd", "limitUsd must be a number of USD");
      }
      String period = RequestFields.optionalText(root, "period");
      String action = RequestFields.optionalText(root, "action");
      return new BudgetDefinition(new BudgetId(scope, id), period == null ? BudgetProperties.DEFAULT_PERIOD : BudgetPeriod.parse(period),
          limit.doubleValue(), action == null ? BudgetProperties.DEFAULT_ACTION : BudgetAction.parse(action), "admin");
    } catch (InvalidRequestException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(null, e.getMessage());
    }
  }
}
